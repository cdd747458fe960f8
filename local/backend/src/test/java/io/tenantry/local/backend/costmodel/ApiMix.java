package io.tenantry.local.backend.costmodel;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The reference mix of tenant routes: 80 reads and 20 writes in every block of 100 requests, shuffled with a fixed
 * seed, spread round-robin over the tenants. Each tenant has 10 members (its owner and 9 others) and at least 40
 * projects, so lists answer full pages (20 items, the default {@code limit}).
 */
final class ApiMix {
    /** One kind of request, with its weight in a block of 100. */
    enum Kind {
        LIST_PROJECTS(25, "GET /v1/projects"),
        GET_PROJECT(25, "GET /v1/projects/{projectId}"),
        GET_TENANT(10, "GET /v1/tenant"),
        LIST_USERS(10, "GET /v1/users"),
        GET_USER(10, "GET /v1/users/{userId}"),
        CREATE_PROJECT(7, "POST /v1/projects (with Idempotency-Key)"),
        UPDATE_PROJECT(7, "PATCH /v1/projects/{projectId}"),
        DELETE_PROJECT(3, "DELETE /v1/projects/{projectId}"),
        CREATE_USER(1, "POST /v1/users (with Idempotency-Key)"),
        UPDATE_USER(1, "PATCH /v1/users/{userId}"),
        DELETE_USER(1, "DELETE /v1/users/{userId}");

        final int weight;
        final String route;

        Kind(int weight, String route) {
            this.weight = weight;
            this.route = route;
        }

        boolean isRead() {
            return route.startsWith("GET");
        }
    }

    static final int BLOCK = 100;
    static final int PROJECTS_PER_TENANT = 40;
    static final int MEMBERS_PER_TENANT = 10;

    /** A tenant of the run: its owner's token and what the mix has made in it. */
    static final class Tenant {
        final String id;
        final String token;
        final List<String> projects = new ArrayList<>();
        final Map<String, String> members = new LinkedHashMap<>();
        int made;

        Tenant(String id, String token) {
            this.id = id;
            this.token = token;
        }
    }

    /** One request of the mix as sent: what it was, and where its AWS calls and invocation start and end. */
    record Sent(Kind kind, String requestId, int status, int callsFrom, int callsTo) {}

    private final Client client;
    private final RecordingProxy proxy;
    private final List<Tenant> tenants;
    private final Random random = new Random(20261122);
    private int sequence;

    ApiMix(Client client, RecordingProxy proxy, List<Tenant> tenants) {
        this.client = client;
        this.proxy = proxy;
        this.tenants = tenants;
    }

    static int weightTotal() {
        int total = 0;
        for (Kind kind : Kind.values()) {
            total += kind.weight;
        }
        return total;
    }

    /** Fills a tenant with its projects and members. */
    void populate(Tenant tenant) {
        while (tenant.projects.size() < PROJECTS_PER_TENANT) {
            send(tenant, Kind.CREATE_PROJECT, "cm-setup");
        }
        while (tenant.members.size() < MEMBERS_PER_TENANT - 1) {
            send(tenant, Kind.CREATE_USER, "cm-setup");
        }
    }

    /** Sends {@code count} requests of the mix (whole blocks of 100 are exact to the weights). */
    List<Sent> run(int count, String prefix) {
        List<Sent> sent = new ArrayList<>(count);
        List<Kind> block = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (block.isEmpty()) {
                for (Kind kind : Kind.values()) {
                    for (int w = 0; w < kind.weight; w++) {
                        block.add(kind);
                    }
                }
                Collections.shuffle(block, random);
            }
            Kind kind = block.removeFirst();
            Tenant tenant = tenants.get(i % tenants.size());
            sent.add(send(tenant, kind, prefix));
        }
        return sent;
    }

    private Sent send(Tenant tenant, Kind kind, String prefix) {
        String requestId = prefix + "-" + (++sequence);
        int from = proxy.mark();
        Client.Answer answer = switch (kind) {
            case LIST_PROJECTS ->
                client.api("GET", "/v1/projects", tenant.token, null, requestId).expect(200);
            case GET_PROJECT ->
                client.api("GET", "/v1/projects/" + pick(tenant.projects), tenant.token, null, requestId)
                        .expect(200);
            case GET_TENANT ->
                client.api("GET", "/v1/tenant", tenant.token, null, requestId).expect(200);
            case LIST_USERS ->
                client.api("GET", "/v1/users", tenant.token, null, requestId).expect(200);
            case GET_USER -> {
                String user = pick(new ArrayList<>(tenant.members.keySet()));
                yield client.api("GET", "/v1/users/" + user, tenant.token, null, requestId)
                        .expect(200);
            }
            case CREATE_PROJECT -> {
                int n = ++tenant.made;
                String body = "{\"name\":" + Client.quote("Project " + n + " of " + tenant.id) + ",\"description\":"
                        + Client.quote(description(n, 0)) + "}";
                Client.Answer created = client.api(
                                "POST",
                                "/v1/projects",
                                tenant.token,
                                body,
                                requestId,
                                Map.of("Idempotency-Key", "cm-" + UUID.randomUUID()))
                        .expect(201);
                tenant.projects.add(created.json().path("id").asText());
                yield created;
            }
            case UPDATE_PROJECT -> {
                String project = pick(tenant.projects);
                String body = "{\"description\":" + Client.quote(description(++tenant.made, 1)) + "}";
                yield client.api("PATCH", "/v1/projects/" + project, tenant.token, body, requestId)
                        .expect(200);
            }
            case DELETE_PROJECT -> {
                String project = tenant.projects.remove(random.nextInt(tenant.projects.size()));
                yield client.api("DELETE", "/v1/projects/" + project, tenant.token, null, requestId)
                        .expect(204);
            }
            case CREATE_USER -> {
                String email = "member-" + UUID.randomUUID() + "@costmodel.example";
                Client.Answer created = client.api(
                                "POST",
                                "/v1/users",
                                tenant.token,
                                "{\"email\":\"" + email + "\",\"role\":\"member\"}",
                                requestId,
                                Map.of("Idempotency-Key", "cm-" + UUID.randomUUID()))
                        .expect(201);
                JsonNode user = created.json();
                tenant.members.put(
                        user.path("userId").asText(), user.path("role").asText());
                yield created;
            }
            case UPDATE_USER -> {
                String user = pick(new ArrayList<>(tenant.members.keySet()));
                String role = tenant.members.get(user).equals("member") ? "viewer" : "member";
                Client.Answer changed = client.api(
                                "PATCH", "/v1/users/" + user, tenant.token, "{\"role\":\"" + role + "\"}", requestId)
                        .expect(200);
                tenant.members.put(user, role);
                yield changed;
            }
            case DELETE_USER -> {
                List<String> users = new ArrayList<>(tenant.members.keySet());
                String user = users.get(random.nextInt(users.size()));
                tenant.members.remove(user);
                yield client.api("DELETE", "/v1/users/" + user, tenant.token, null, requestId)
                        .expect(204);
            }
        };
        return new Sent(kind, requestId, answer.status(), from, proxy.mark());
    }

    private String pick(List<String> ids) {
        return ids.get(random.nextInt(ids.size()));
    }

    /** About 200 characters, as a project's description might be. */
    private static String description(int n, int revision) {
        return "Revision " + revision + " of item " + n + ": relaunch the customer website with the new brand,"
                + " migrate the blog, and measure conversion on the pricing page before and after the change.";
    }
}
