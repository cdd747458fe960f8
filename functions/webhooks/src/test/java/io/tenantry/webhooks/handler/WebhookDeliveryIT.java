package io.tenantry.webhooks.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.context.ApplicationContext;
import io.tenantry.local.testkit.ApiEvent;
import io.tenantry.local.testkit.ApiResult;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.shared.events.EventPublisher;
import io.tenantry.shared.json.JsonCodec;
import io.tenantry.shared.testing.TestTenants;
import io.tenantry.shared.testing.TestTenants.SeededTenant;
import io.tenantry.webhooks.model.WebhookMessage;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Deliveries end to end on the emulated queue and table, to a real HTTP receiver on 127.0.0.1 (loopback allowed, as
 * the local backend allows it), with the retry schedule compressed (scale 0.0005: delays of tens of milliseconds)
 * and a 1-second timeout. The test pumps the webhook events queue into the worker, as Lambda's event source would.
 */
@EmulatedAws
class WebhookDeliveryIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static ApplicationContext context;
    static TestTenants tenants;
    static AwsEnvironment env;
    static HttpServer receiver;
    static String base;
    static String queueUrl;
    static WebhookQueueHandler worker;
    /** What each receiver path got: headers (lower-case names) and the body. */
    static final Map<String, List<Received>> RECEIVED = new ConcurrentHashMap<>();

    static final AtomicInteger FLAKY = new AtomicInteger();
    static final Map<String, CountDownLatch> RELEASED = new ConcurrentHashMap<>();

    static CountDownLatch latch(String key) {
        return RELEASED.computeIfAbsent(key, k -> new CountDownLatch(1));
    }

    record Received(Map<String, String> headers, String body) {}

    @BeforeAll
    static void start(AwsEnvironment aws) throws Exception {
        env = aws;
        Map<String, Object> properties = new HashMap<>(aws.micronautProperties("WebhookQueueFunction"));
        properties.putAll(aws.micronautProperties("CreateWebhookFunction"));
        properties.putAll(aws.micronautProperties("CreateProjectFunction"));
        properties.put("tenantry.webhooks.allow.loopback", "true");
        properties.put("tenantry.webhooks.retry.scale", "0.0005");
        properties.put("tenantry.webhooks.timeout", "PT1S");
        context = ApplicationContext.run(properties);
        tenants = new TestTenants(context);
        worker = new WebhookQueueHandler(context);
        queueUrl = String.valueOf(properties.get("tenantry.webhook.events.queue"));

        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(Executors.newCachedThreadPool());
        receiver.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            RECEIVED.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>()).add(new Received(headers, body));
            int status = 204;
            if (path.startsWith("/flaky")) {
                status = FLAKY.incrementAndGet() <= 2 ? 500 : 200;
            } else if (path.startsWith("/redirect")) {
                exchange.getResponseHeaders().add("Location", base + "/redirected");
                status = 302;
            } else if (path.startsWith("/held/")) {
                // Answers once "/releaser/<same key>" got its request, or after 3 s (past the 1 s timeout).
                try {
                    latch(path.substring("/held/".length())).await(3, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            } else if (path.startsWith("/releaser/")) {
                latch(path.substring("/releaser/".length())).countDown();
            } else if (path.startsWith("/hang")) {
                try {
                    Thread.sleep(5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
        base = "http://127.0.0.1:" + receiver.getAddress().getPort();
    }

    @AfterAll
    static void stop() {
        if (receiver != null) {
            receiver.stop(0);
        }
        if (context != null) {
            context.close();
        }
    }

    static String register(SeededTenant tenant, String path, String... events) throws Exception {
        String body = JSON.writeValueAsString(Map.of("url", base + path, "events", List.of(events)));
        ApiResult created = ApiResult.call(
                new CreateWebhookHandler(context),
                tenant.as("admin", "POST", "/v1/webhooks").json(body));
        assertEquals(201, created.status(), created::toString);
        return created.json().path("id").asText() + " "
                + created.json().path("secret").asText();
    }

    static void publish(SeededTenant tenant, String type, Map<String, Object> data) {
        var access = tenants.ownerAccess(tenant);
        var event = context.getBean(EventPublisher.class).event(access, type, data);
        String body = new String(context.getBean(JsonCodec.class).write(event), StandardCharsets.UTF_8);
        env.sqs().sendMessage(b -> b.queueUrl(queueUrl).messageBody(body).messageGroupId(event.tenantId()));
    }

    /** Hands the queue's messages to the worker until {@code done} holds (or 20 s pass). */
    static void pumpUntil(BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "the deliveries did not happen in time: " + RECEIVED.keySet());
            var received = env.sqs()
                    .receiveMessage(b -> b.queueUrl(queueUrl)
                            .maxNumberOfMessages(5)
                            .waitTimeSeconds(1)
                            .messageSystemAttributeNamesWithStrings("All"));
            if (received.messages().isEmpty()) {
                continue;
            }
            List<SQSEvent.SQSMessage> records = new ArrayList<>();
            for (var m : received.messages()) {
                SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
                record.setMessageId(m.messageId());
                record.setReceiptHandle(m.receiptHandle());
                record.setBody(m.body());
                Map<String, String> attributes = new HashMap<>();
                m.attributesAsStrings().forEach(attributes::put);
                record.setAttributes(attributes);
                records.add(record);
            }
            SQSEvent event = new SQSEvent();
            event.setRecords(records);
            var response = worker.handleRequest(event, null);
            for (var m : received.messages()) {
                boolean failed = response.getBatchItemFailures().stream()
                        .anyMatch(f -> f.getItemIdentifier().equals(m.messageId()));
                if (!failed) {
                    env.sqs().deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
                }
            }
        }
    }

    /**
     * Pumps the queue until the first attempts of the deliveries of {@code tenants} are received, handing every other
     * message (their events' fan-outs included) to the worker; answers those attempts, received and not handled, in
     * the order of {@code tenants}.
     */
    static List<SQSEvent.SQSMessage> firstAttemptsOf(SeededTenant... tenants) {
        JsonCodec codec = context.getBean(JsonCodec.class);
        Map<String, SQSEvent.SQSMessage> attempts = new HashMap<>();
        List<String> wanted =
                java.util.Arrays.stream(tenants).map(SeededTenant::tenantId).toList();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (attempts.size() < wanted.size()) {
            assertTrue(System.nanoTime() < deadline, "the attempts were not queued in time: " + attempts.keySet());
            var received = env.sqs()
                    .receiveMessage(b -> b.queueUrl(queueUrl)
                            .maxNumberOfMessages(10)
                            .waitTimeSeconds(1)
                            .messageSystemAttributeNamesWithStrings("All"));
            for (var m : received.messages()) {
                SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
                record.setMessageId(m.messageId());
                record.setReceiptHandle(m.receiptHandle());
                record.setBody(m.body());
                record.setAttributes(new HashMap<>(m.attributesAsStrings()));
                WebhookMessage message = codec.read(m.body().getBytes(StandardCharsets.UTF_8), WebhookMessage.class);
                if (message.isAttempt() && wanted.contains(message.tenantId())) {
                    attempts.put(message.tenantId(), record);
                } else {
                    SQSEvent event = new SQSEvent();
                    event.setRecords(List.of(record));
                    worker.handleRequest(event, null);
                }
                env.sqs().deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
        }
        return wanted.stream().map(attempts::get).toList();
    }

    /**
     * One batch: A's attempt first, to an endpoint that answers only once B's endpoint got its request; B's second.
     * Handled at once, B's attempt is made while A's waits, so both are delivered; {@code inTurn}, A's attempt times
     * out (1 s) before B's is made.
     */
    static JsonNode[] batchOfAHeldAndAReleasingAttempt(WebhookQueueHandler handler) throws Exception {
        String key = java.util.UUID.randomUUID().toString();
        SeededTenant held = tenants.create();
        SeededTenant releaser = tenants.create();
        String heldHook = register(held, "/held/" + key, "project.created").split(" ")[0];
        String releaserHook =
                register(releaser, "/releaser/" + key, "project.created").split(" ")[0];
        publish(held, "project.created", Map.of("id", "prj_01JD3Q5R7C0000000000000009", "name", "A"));
        publish(releaser, "project.created", Map.of("id", "prj_01JD3Q5R7C0000000000000010", "name", "B"));
        SQSEvent batch = new SQSEvent();
        batch.setRecords(firstAttemptsOf(held, releaser));

        assertEquals(List.of(), handler.handleRequest(batch, null).getBatchItemFailures());
        // Handled side by side, each tenant's attempt still reached only its own endpoint.
        for (var posted : List.of(Map.entry("/held/" + key, held), Map.entry("/releaser/" + key, releaser))) {
            assertEquals(1, at(posted.getKey()).size(), posted.getKey());
            assertEquals(
                    posted.getValue().tenantId(),
                    JSON.readTree(at(posted.getKey()).get(0).body())
                            .path("tenantId")
                            .asText());
        }
        return new JsonNode[] {
            deliveries(held, heldHook).get(0),
            deliveries(releaser, releaserHook).get(0)
        };
    }

    @Test
    void anEndpointThatDoesNotAnswer_doesNotHoldBackAnotherTenantsAttempt_inTheSameBatch() throws Exception {
        JsonNode[] delivery = batchOfAHeldAndAReleasingAttempt(worker);
        assertEquals("delivered", delivery[1].path("status").asText(), delivery[1]::toString);
        assertEquals("delivered", delivery[0].path("status").asText(), "made while A's waited: " + delivery[0]);
    }

    @Test
    void handledInTurn_theSameBatch_leavesTheSecondAttemptBehindTheFirstsTimeout() throws Exception {
        WebhookQueueHandler inTurn = new WebhookQueueHandler(context) {
            @Override
            protected boolean handlesMessagesAtOnce() {
                return false;
            }
        };
        JsonNode[] delivery = batchOfAHeldAndAReleasingAttempt(inTurn);
        assertEquals("delivered", delivery[1].path("status").asText(), delivery[1]::toString);
        assertEquals("pending", delivery[0].path("status").asText(), "A's timed out first: " + delivery[0]);
        assertTrue(delivery[0].path("lastStatusCode").isNull(), delivery[0]::toString);
    }

    static List<Received> at(String path) {
        return RECEIVED.getOrDefault(path, List.of());
    }

    static JsonNode deliveries(SeededTenant tenant, String webhookId) {
        ApiEvent event = tenant.as("admin", "GET", "/v1/webhooks/" + webhookId + "/deliveries")
                .route("GET /v1/webhooks/{webhookId}/deliveries")
                .pathParameter("webhookId", webhookId);
        ApiResult result = ApiResult.call(new ListWebhookDeliveriesHandler(context), event);
        assertEquals(200, result.status(), result::toString);
        return result.json().path("items");
    }

    /** The Standard Webhooks check, written here apart from the code under test. */
    static String expectedSignature(String secret, String id, String timestamp, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        return "v1,"
                + Base64.getEncoder()
                        .encodeToString(
                                mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void projectCreated_arrivesSigned_andTheDeliveryShowsDelivered() throws Exception {
        SeededTenant tenant = tenants.create();
        String[] webhook = register(tenant, "/ok-signed", "project.created").split(" ");
        publish(tenant, "project.created", Map.of("id", "prj_01JD3Q5R7C0000000000000009", "name", "Site"));
        pumpUntil(() -> !at("/ok-signed").isEmpty());

        Received got = at("/ok-signed").get(0);
        JsonNode body = JSON.readTree(got.body());
        assertEquals("project.created", body.path("type").asText());
        assertEquals(tenant.tenantId(), body.path("tenantId").asText());
        assertEquals("Site", body.path("data").path("name").asText());
        assertEquals(body.path("id").asText(), got.headers().get("webhook-id"));
        assertTrue(body.path("id").asText().startsWith("evt_"));
        long timestamp = Long.parseLong(got.headers().get("webhook-timestamp"));
        assertTrue(Math.abs(System.currentTimeMillis() / 1000 - timestamp) < 60, "Unix seconds, now");
        assertEquals(
                expectedSignature(webhook[1], got.headers().get("webhook-id"), String.valueOf(timestamp), got.body()),
                got.headers().get("webhook-signature"));

        pumpUntil(() -> "delivered"
                .equals(deliveries(tenant, webhook[0]).path(0).path("status").asText()));
        JsonNode delivery = deliveries(tenant, webhook[0]).get(0);
        assertEquals(1, delivery.path("attempts").asInt());
        assertEquals(204, delivery.path("lastStatusCode").asInt());
        assertEquals(body.path("id").asText(), delivery.path("eventId").asText());
        assertTrue(delivery.path("id").asText().startsWith("dlv_"), delivery::toString);
    }

    @Test
    void aReceiverAnswering500Twice_getsTheSameWebhookId_onTheThirdAttempt_andItIsDelivered() throws Exception {
        SeededTenant tenant = tenants.create();
        String webhookId = register(tenant, "/flaky", "project.updated").split(" ")[0];
        publish(tenant, "project.updated", Map.of("id", "prj_01JD3Q5R7C0000000000000009"));
        pumpUntil(() -> "delivered"
                .equals(deliveries(tenant, webhookId).path(0).path("status").asText()));

        List<Received> got = at("/flaky");
        assertEquals(3, got.size());
        assertEquals(
                1,
                got.stream().map(r -> r.headers().get("webhook-id")).distinct().count(),
                "the same id");
        assertEquals(1, got.stream().map(Received::body).distinct().count(), "the same body");
        JsonNode delivery = deliveries(tenant, webhookId).get(0);
        assertEquals(3, delivery.path("attempts").asInt());
        assertEquals(200, delivery.path("lastStatusCode").asInt());
        assertTrue(delivery.path("nextAttemptAt").isNull());
    }

    @Test
    void anotherTenantsEvent_neverReachesThisTenantsEndpoint_itsOwnDoes() throws Exception {
        SeededTenant mine = tenants.create();
        SeededTenant theirs = tenants.create();
        register(mine, "/mine", "project.deleted");
        register(theirs, "/theirs", "project.deleted");
        publish(theirs, "project.deleted", Map.of("id", "prj_01JD3Q5R7C0000000000000009"));
        pumpUntil(() -> !at("/theirs").isEmpty());
        pumpUntil(() -> true);
        assertEquals(List.of(), at("/mine"));
        assertEquals(
                theirs.tenantId(),
                JSON.readTree(at("/theirs").get(0).body()).path("tenantId").asText());
    }

    @Test
    void aRedirect_isNotFollowed_andCountsAsAFailedAttempt() throws Exception {
        SeededTenant tenant = tenants.create();
        String webhookId = register(tenant, "/redirect", "member.added").split(" ")[0];
        publish(tenant, "member.added", Map.of("userId", "usr_01JD3Q5R7C0000000000000009"));
        pumpUntil(() -> deliveries(tenant, webhookId).path(0).path("attempts").asInt() >= 1);
        JsonNode delivery = deliveries(tenant, webhookId).get(0);
        assertEquals(302, delivery.path("lastStatusCode").asInt());
        assertTrue(!"delivered".equals(delivery.path("status").asText()), delivery::toString);
        assertEquals(List.of(), at("/redirected"), "the redirect's target is never called");
    }

    @Test
    void aReceiverThatHangs_isCutAtTheTimeout() throws Exception {
        SeededTenant tenant = tenants.create();
        String webhookId = register(tenant, "/hang", "invoice.ready").split(" ")[0];
        publish(tenant, "invoice.ready", Map.of("id", "inv_01JD3Q5R7C0000000000000009"));
        long started = System.nanoTime();
        pumpUntil(() -> deliveries(tenant, webhookId).path(0).path("attempts").asInt() >= 1);
        JsonNode delivery = deliveries(tenant, webhookId).get(0);
        assertTrue(delivery.path("lastStatusCode").isNull(), delivery::toString);
        assertEquals("pending", delivery.path("status").asText(), delivery::toString);
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 5, "cut at 1 s, not after 5");
    }
}
