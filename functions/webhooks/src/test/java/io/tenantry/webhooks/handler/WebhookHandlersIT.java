package io.tenantry.webhooks.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.tenantry.local.testkit.ApiEvent;
import io.tenantry.local.testkit.ApiResult;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.shared.data.Keys;
import io.tenantry.shared.plan.Plan;
import io.tenantry.shared.testing.TestTenants;
import io.tenantry.shared.testing.TestTenants.SeededTenant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The webhooks routes' own behaviour; each refusal beside the rightful call that succeeds. */
@EmulatedAws
class WebhookHandlersIT {
    static final String GOOD = "{\"url\": \"https://93.184.216.34/hooks\", \"events\": [\"project.created\"]}";
    static ApplicationContext context;
    static TestTenants tenants;
    static AwsEnvironment env;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        env = aws;
        context = ApplicationContext.run(aws.micronautProperties("CreateWebhookFunction"));
        tenants = new TestTenants(context);
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    static ApiResult create(SeededTenant tenant, String body) {
        return ApiResult.call(
                new CreateWebhookHandler(context),
                tenant.as("admin", "POST", "/v1/webhooks").json(body));
    }

    static ApiEvent on(SeededTenant tenant, String method, String id, String suffix) {
        return tenant.as("admin", method, "/v1/webhooks/" + id + suffix)
                .route(method + " /v1/webhooks/{webhookId}" + suffix)
                .pathParameter("webhookId", id);
    }

    @Test
    void create_answersTheSecretOnce_readsNeverShowIt_andItIsStoredEncrypted() {
        SeededTenant tenant = tenants.create();
        ApiResult created = create(tenant, GOOD);
        assertEquals(201, created.status(), created::toString);
        String id = created.json().path("id").asText();
        String secret = created.json().path("secret").asText();
        assertTrue(id.matches("whk_[0-9A-Z]{26}"), id);
        assertTrue(secret.startsWith("whsec_") && secret.length() >= 6 + 32, secret);

        ApiResult read = ApiResult.call(new GetWebhookHandler(context), on(tenant, "GET", id, ""));
        assertEquals(200, read.status(), read::toString);
        assertTrue(read.json().path("secret").isMissingNode(), read::toString);
        assertEquals(
                List.of("project.created"),
                List.of(read.json().path("events").get(0).asText()));
        ApiResult list = ApiResult.call(new ListWebhooksHandler(context), tenant.as("admin", "GET", "/v1/webhooks"));
        assertEquals(id, list.json().path("items").get(0).path("id").asText());
        assertFalse(list.body().contains("whsec_"), list::toString);

        Map<String, AttributeValue> item = env.dynamoDb()
                .getItem(b -> b.tableName(
                                env.functionEnvironment("CreateWebhookFunction").get("TENANTRY_TABLE"))
                        .key(Map.of(
                                "PK", AttributeValue.fromS("TENANT#" + tenant.tenantId()),
                                "SK", AttributeValue.fromS("WEBHOOK#" + id))))
                .item();
        String stored = item.get("secret").s();
        assertTrue(stored.startsWith("v1."), stored);
        assertFalse(item.toString().contains(secret.substring(6)), "the secret is not stored in plaintext");
    }

    @Test
    void idempotentCreateAndRotate_replayTheSameSecret_whichIsNeverStoredInClear() {
        SeededTenant tenant = tenants.create(Plan.PRO);
        ApiEvent create = tenant.as("admin", "POST", "/v1/webhooks").json(GOOD).header("idempotency-key", "hook-1");
        ApiResult first = ApiResult.call(new CreateWebhookHandler(context), create);
        ApiResult replayed = ApiResult.call(new CreateWebhookHandler(context), create);
        assertEquals(201, first.status(), first::toString);
        assertEquals(201, replayed.status(), replayed::toString);
        assertEquals("true", replayed.header("Idempotent-Replayed"), replayed::toString);
        String id = first.json().path("id").asText();
        String secret = first.json().path("secret").asText();
        assertEquals(id, replayed.json().path("id").asText(), "one endpoint");
        assertEquals(secret, replayed.json().path("secret").asText(), "the same secret, replayed");

        ApiEvent rotate = on(tenant, "POST", id, "/rotate-secret").header("idempotency-key", "rotate-1");
        ApiResult rotated = ApiResult.call(new RotateWebhookSecretHandler(context), rotate);
        ApiResult rotatedAgain = ApiResult.call(new RotateWebhookSecretHandler(context), rotate);
        assertEquals(200, rotated.status(), rotated::toString);
        String newSecret = rotated.json().path("secret").asText();
        assertEquals(newSecret, rotatedAgain.json().path("secret").asText(), "the replay answers the same rotation");
        assertEquals(2, rotatedAgain.json().path("version").asLong(), "rotated once");
        // The acceptance twin: another key is another rotation.
        ApiResult next = ApiResult.call(
                new RotateWebhookSecretHandler(context),
                on(tenant, "POST", id, "/rotate-secret").header("idempotency-key", "rotate-2"));
        assertEquals(3, next.json().path("version").asLong(), next::toString);
        assertNotEquals(newSecret, next.json().path("secret").asText());

        String table = env.functionEnvironment("CreateWebhookFunction").get("TENANTRY_TABLE");
        List<Map<String, AttributeValue>> items = env.dynamoDb()
                .query(b -> b.tableName(table)
                        .keyConditionExpression("PK = :pk")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("TENANT#" + tenant.tenantId()))))
                .items();
        long records = items.stream()
                .filter(item -> item.get("SK").s().startsWith("IDEMPOTENCY#"))
                .peek(item -> assertTrue(item.containsKey("sealedBody"), item::toString))
                .count();
        assertEquals(3, records, "an idempotency record per key");
        for (String shown :
                List.of(secret, newSecret, next.json().path("secret").asText())) {
            assertFalse(items.toString().contains(shown.substring(6)), "no secret is stored in clear");
        }
    }

    @Test
    void create_refusesBadUrlsAndUnknownEvents_naming400Fields_theGoodTwinIsCreated() {
        SeededTenant tenant = tenants.create(Plan.PRO);
        assertEquals(
                List.of("url"),
                create(tenant, "{\"url\": \"https://169.254.169.254/\", \"events\": [\"project.created\"]}")
                        .errorFields());
        assertEquals(
                List.of("url"),
                create(tenant, "{\"url\": \"http://93.184.216.34/\", \"events\": [\"project.created\"]}")
                        .errorFields());
        assertEquals(
                List.of("url"),
                create(tenant, "{\"url\": \"https://a@93.184.216.34/\", \"events\": [\"project.created\"]}")
                        .errorFields());
        ApiResult huge = create(
                tenant,
                "{\"url\": \"https://93.184.216.34/" + "a".repeat(5000) + "\", \"events\": [\"project.created\"]}");
        assertTrue(huge.isProblem(400), huge::toString);
        assertEquals(List.of("url"), huge.errorFields());
        assertEquals(
                List.of("events"),
                create(tenant, "{\"url\": \"https://93.184.216.34/\", \"events\": [\"project.exploded\"]}")
                        .errorFields());
        assertEquals(
                List.of("events"),
                create(tenant, "{\"url\": \"https://93.184.216.34/\", \"events\": []}")
                        .errorFields());
        assertEquals(201, create(tenant, GOOD).status());
    }

    @Test
    void create_pastTheFreePlansTwo_answers409QuotaExceeded_andCreatesNothing() {
        SeededTenant tenant = tenants.create(Plan.FREE);
        assertEquals(201, create(tenant, GOOD).status());
        assertEquals(201, create(tenant, GOOD).status());
        ApiResult third = create(tenant, GOOD);
        assertTrue(third.isProblem(409), third::toString);
        assertTrue(third.json().path("type").asText().endsWith("/quota-exceeded"), third::toString);
        assertEquals(2, tenants.count(tenant, Keys.WEBHOOK_COUNT));
    }

    @Test
    void anotherTenantsWebhook_answers404_onEveryRoute_theOwnersCallsSucceed() {
        SeededTenant mine = tenants.create();
        SeededTenant theirs = tenants.create();
        String id = create(theirs, GOOD).json().path("id").asText();
        assertTrue(ApiResult.call(new GetWebhookHandler(context), on(mine, "GET", id, ""))
                .isProblem(404));
        assertTrue(ApiResult.call(new ListWebhookDeliveriesHandler(context), on(mine, "GET", id, "/deliveries"))
                .isProblem(404));
        assertTrue(ApiResult.call(new RotateWebhookSecretHandler(context), on(mine, "POST", id, "/rotate-secret"))
                .isProblem(404));
        assertTrue(ApiResult.call(new DeleteWebhookHandler(context), on(mine, "DELETE", id, ""))
                .isProblem(404));

        assertEquals(
                200,
                ApiResult.call(new GetWebhookHandler(context), on(theirs, "GET", id, ""))
                        .status());
        assertEquals(
                200,
                ApiResult.call(new ListWebhookDeliveriesHandler(context), on(theirs, "GET", id, "/deliveries"))
                        .status());
        assertEquals(
                204,
                ApiResult.call(new DeleteWebhookHandler(context), on(theirs, "DELETE", id, ""))
                        .status());
        assertTrue(ApiResult.call(new GetWebhookHandler(context), on(theirs, "GET", id, ""))
                .isProblem(404));
    }

    @Test
    void rotate_answersANewSecret_andKeepsTheOldOneFor24Hours() {
        SeededTenant tenant = tenants.create();
        ApiResult created = create(tenant, GOOD);
        String id = created.json().path("id").asText();
        ApiResult rotated =
                ApiResult.call(new RotateWebhookSecretHandler(context), on(tenant, "POST", id, "/rotate-secret"));
        assertEquals(200, rotated.status(), rotated::toString);
        assertNotEquals(
                created.json().path("secret").asText(),
                rotated.json().path("secret").asText());
        assertTrue(rotated.json().path("secret").asText().startsWith("whsec_"));
        assertFalse(rotated.json().path("previousSecretExpiresAt").isNull(), rotated::toString);
        assertEquals(2, rotated.json().path("version").asLong());
    }
}
