package io.tenantry.tenants.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantry.local.testkit.ApiEvent;
import io.tenantry.local.testkit.ApiResult;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@EmulatedAws
class CreateTenantHandlerIT {
    static TenantsFixture fixture;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        fixture = new TenantsFixture(aws, Map.of());
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    static ApiEvent signUpEvent(String sub, String body) {
        return ApiEvent.of("POST", "/v1/tenants")
                .user(sub, sub + "@example.test")
                .json(body);
    }

    @Test
    void create_returns201_andMakesTheCallerItsOwner() {
        String sub = "u-" + UUID.randomUUID();
        ApiResult created = ApiResult.call(fixture.create, signUpEvent(sub, "{\"name\": \"Acme\"}"));

        assertEquals(201, created.status(), created::toString);
        var tenant = created.json();
        assertTrue(tenant.path("id").asText().startsWith("ten_"));
        assertEquals("Acme", tenant.path("name").asText());
        assertEquals("free", tenant.path("plan").asText());
        assertEquals("active", tenant.path("status").asText());
        assertEquals(1, tenant.path("version").asLong());
        assertEquals("\"1\"", created.header("ETag"));
        assertEquals("/v1/tenant", created.header("Location"));
        assertTrue(created.header("Content-Type").startsWith("application/json"));
        assertTrue(created.header("X-Request-Id") != null);

        ApiResult read = ApiResult.call(
                fixture.get,
                ApiEvent.of("GET", "/v1/tenant")
                        .member(sub, sub + "@example.test", tenant.path("id").asText(), "owner"));
        assertEquals(200, read.status(), read::toString);
        assertEquals("Acme", read.json().path("name").asText());
    }

    @Test
    void create_defaultsThePlanToFree() {
        ApiResult created =
                ApiResult.call(fixture.create, signUpEvent("u-" + UUID.randomUUID(), "{\"name\": \"Tiny\"}"));
        assertEquals(201, created.status(), created::toString);
        assertEquals("free", created.json().path("plan").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"pro", "enterprise", "gold"})
    void create_answers403_forAPlanOtherThanTheSignUpPlan_andCreatesNothing_whileTheSignUpPlanIsAccepted(String plan) {
        String sub = "u-" + UUID.randomUUID();
        ApiResult refused =
                ApiResult.call(fixture.create, signUpEvent(sub, "{\"name\": \"Greedy\", \"plan\": \"" + plan + "\"}"));
        ApiResult me = ApiResult.call(fixture.create, signUpEvent(sub, "{\"name\": \"Honest\", \"plan\": \"free\"}"));

        assertTrue(refused.isProblem(403), refused::toString);
        assertEquals(201, me.status(), me::toString);
        assertEquals("free", me.json().path("plan").asText());
        var memberships = fixture.context
                .getBean(io.tenantry.shared.data.UserDirectory.class)
                .memberships(fixture.context
                        .getBean(io.tenantry.shared.data.UserDirectory.class)
                        .findUserId(new io.tenantry.shared.auth.Caller(
                                io.tenantry.local.testkit.TestTokens.issuer(),
                                sub,
                                java.util.Optional.empty(),
                                false,
                                java.util.Optional.empty(),
                                java.util.Optional.empty()))
                        .orElseThrow());
        assertEquals(1, memberships.size(), "the refused sign-up created nothing");
    }

    @Test
    void aUser_ownsAtMostFiveTenants_andDeletingOneMakesRoomAgain() {
        String sub = "u-" + UUID.randomUUID();
        String last = null;
        for (int i = 0; i < 5; i++) {
            ApiResult created = ApiResult.call(fixture.create, signUpEvent(sub, "{\"name\": \"T" + i + "\"}"));
            assertEquals(201, created.status(), created::toString);
            last = created.json().path("id").asText();
        }
        ApiResult sixth = ApiResult.call(fixture.create, signUpEvent(sub, "{\"name\": \"T5\"}"));
        ApiResult someoneElse =
                ApiResult.call(fixture.create, signUpEvent("u-" + UUID.randomUUID(), "{\"name\": \"T5\"}"));
        assertTrue(sixth.isProblem(409), sixth::toString);
        assertEquals(201, someoneElse.status(), someoneElse::toString);

        ApiResult deleted = ApiResult.call(
                fixture.delete, ApiEvent.of("DELETE", "/v1/tenant").member(sub, sub + "@example.test", last, "owner"));
        assertEquals(202, deleted.status(), deleted::toString);
        assertEquals(
                201,
                ApiResult.call(fixture.create, signUpEvent(sub, "{\"name\": \"T6\"}"))
                        .status());
    }

    @Test
    void create_answers401_withoutAToken() {
        ApiResult result = ApiResult.call(
                fixture.create, ApiEvent.of("POST", "/v1/tenants").json("{\"name\": \"A\"}"));
        assertTrue(result.isProblem(401), result::toString);
    }

    @Test
    void create_answers400_namingEveryBadField() {
        String longName = "x".repeat(201);
        ApiResult wrongTypes = ApiResult.call(fixture.create, signUpEvent("u-1", "{\"name\": 5, \"plan\": true}"));
        ApiResult missing = ApiResult.call(fixture.create, signUpEvent("u-1", "{\"plan\": \"pro\"}"));
        ApiResult tooLong = ApiResult.call(fixture.create, signUpEvent("u-1", "{\"name\": \"" + longName + "\"}"));

        assertTrue(wrongTypes.isProblem(400), wrongTypes::toString);
        assertEquals(List.of("name", "plan"), wrongTypes.errorFields());
        assertEquals(List.of("name"), missing.errorFields());
        assertEquals(List.of("name"), tooLong.errorFields());
    }

    @Test
    void create_answers400_forMalformedJson_415_forOtherTypes_413_forHugeBodies() {
        ApiResult malformed = ApiResult.call(fixture.create, signUpEvent("u-1", "{\"name\": "));
        ApiResult notJson = ApiResult.call(
                fixture.create,
                ApiEvent.of("POST", "/v1/tenants")
                        .user("u-1", "u1@example.test")
                        .binary("text/plain", "name=A".getBytes()));
        ApiResult huge = ApiResult.call(
                fixture.create, signUpEvent("u-1", "{\"name\": \"A\", \"pad\": \"" + "x".repeat(300 * 1024) + "\"}"));

        assertTrue(malformed.isProblem(400), malformed::toString);
        assertTrue(notJson.isProblem(415), notJson::toString);
        assertTrue(huge.isProblem(413), huge::toString);
    }

    @Test
    void idempotencyKey_replaysTheFirstResponse_forTheSameBody() {
        String sub = "u-" + UUID.randomUUID();
        ApiEvent event = signUpEvent(sub, "{\"name\": \"Once\"}").header("Idempotency-Key", "key-1");

        ApiResult first = ApiResult.call(fixture.create, event);
        ApiResult second = ApiResult.call(fixture.create, event);

        assertEquals(201, first.status(), first::toString);
        assertEquals(201, second.status(), second::toString);
        assertEquals(first.body(), second.body());
        assertEquals(first.header("ETag"), second.header("ETag"));
        assertEquals("true", second.header("Idempotent-Replayed"));
    }

    @Test
    void idempotencyKey_answers409_forTheSameKeyWithAnotherBody() {
        String sub = "u-" + UUID.randomUUID();
        ApiResult first = ApiResult.call(
                fixture.create, signUpEvent(sub, "{\"name\": \"One\"}").header("Idempotency-Key", "k"));
        ApiResult other = ApiResult.call(
                fixture.create, signUpEvent(sub, "{\"name\": \"Two\"}").header("Idempotency-Key", "k"));

        assertEquals(201, first.status());
        assertTrue(other.isProblem(409), other::toString);
    }

    @Test
    void idempotencyKey_isTheCallersOwn_soAnotherCallerGetsItsOwnTenant() {
        ApiResult mine = ApiResult.call(
                fixture.create,
                signUpEvent("u-" + UUID.randomUUID(), "{\"name\": \"Same\"}").header("Idempotency-Key", "shared"));
        ApiResult theirs = ApiResult.call(
                fixture.create,
                signUpEvent("u-" + UUID.randomUUID(), "{\"name\": \"Same\"}").header("Idempotency-Key", "shared"));

        assertEquals(201, mine.status());
        assertEquals(201, theirs.status());
        assertNotEquals(mine.json().path("id"), theirs.json().path("id"));
    }

    @Test
    void idempotencyKey_answers400_whenMalformed() {
        ApiResult tooLong = ApiResult.call(
                fixture.create, signUpEvent("u-1", "{\"name\": \"A\"}").header("Idempotency-Key", "k".repeat(256)));
        assertTrue(tooLong.isProblem(400), tooLong::toString);
    }

    @Test
    void idempotencyKey_racingRequests_makeOneTenant() throws Exception {
        String sub = "u-" + UUID.randomUUID();
        ApiEvent event = signUpEvent(sub, "{\"name\": \"Race\"}").header("Idempotency-Key", "race");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<ApiResult>> calls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                calls.add(() -> ApiResult.call(fixture.create, event));
            }
            List<ApiResult> results = new ArrayList<>();
            for (Future<ApiResult> f : pool.invokeAll(calls)) {
                results.add(f.get());
            }
            Set<String> ids = results.stream()
                    .filter(r -> r.status() == 201)
                    .map(r -> r.json().path("id").asText())
                    .collect(Collectors.toSet());
            assertEquals(1, ids.size(), results::toString);
            assertTrue(results.stream().allMatch(r -> r.status() == 201 || r.isProblem(409)), results::toString);
        } finally {
            pool.shutdownNow();
        }
    }
}
