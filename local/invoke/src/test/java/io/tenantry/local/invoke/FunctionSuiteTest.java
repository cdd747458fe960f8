package io.tenantry.local.invoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenantry.local.function.Json;
import io.tenantry.local.template.FunctionDefinition;
import io.tenantry.local.template.SamTemplate;
import java.util.List;
import org.junit.jupiter.api.Test;

class FunctionSuiteTest {
    private static final String TEMPLATE = """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              DeleteTenantFunction: {Type: AWS::Serverless::Function, Properties: {Handler: a.DeleteTenant, Runtime: java21, Events: {Api: {Type: HttpApi, Properties: {Method: DELETE, Path: /v1/tenant}}}}}
              GetProjectFunction: {Type: AWS::Serverless::Function, Properties: {Handler: a.GetProject, Runtime: java21, Events: {Api: {Type: HttpApi, Properties: {Method: GET, Path: "/v1/projects/{projectId}"}}}}}
              DeleteProjectFunction: {Type: AWS::Serverless::Function, Properties: {Handler: a.DeleteProject, Runtime: java21, Events: {Api: {Type: HttpApi, Properties: {Method: DELETE, Path: "/v1/projects/{projectId}"}}}}}
              WorkerFunction: {Type: AWS::Serverless::Function, Properties: {Handler: a.Worker, Runtime: java21}}
              CreateProjectFunction: {Type: AWS::Serverless::Function, Properties: {Handler: a.CreateProject, Runtime: java21, Events: {Api: {Type: HttpApi, Properties: {Method: POST, Path: /v1/projects}}}}}
              CreateTenantFunction: {Type: AWS::Serverless::Function, Properties: {Handler: a.CreateTenant, Runtime: java21, Events: {Api: {Type: HttpApi, Properties: {Method: POST, Path: /v1/tenants}}}}}
            """;

    private static final String GET_PROJECT_EVENT = """
            {"rawPath": "/v1/projects/prj_FIXTURE", "pathParameters": {"projectId": "prj_FIXTURE"},
             "requestContext": {"http": {"method": "GET", "path": "/v1/projects/prj_FIXTURE"},
                                "authorizer": {"jwt": {"claims": {"tenant_id": "ten_FIXTURE", "role": "owner"}}}}}
            """;

    @Test
    void ordered_runsSignUpThenCreators_thenTheRest_deletesLast() {
        SamTemplate template = SamTemplate.parse(TEMPLATE, "test.yaml");

        List<String> order = FunctionSuite.ordered(template.functions().values()).stream()
                .map(FunctionDefinition::logicalId)
                .toList();

        assertEquals(
                List.of(
                        "CreateTenantFunction",
                        "CreateProjectFunction",
                        "GetProjectFunction",
                        "WorkerFunction",
                        "DeleteProjectFunction",
                        "DeleteTenantFunction"),
                order);
    }

    @Test
    void seed_pointsTheEventAtTheCreatedTenantAndResource() {
        FunctionSuite.Seeds seeds = new FunctionSuite.Seeds();
        seeds.tenantId = "ten_CREATED";
        seeds.created.put("/v1/projects", Json.tryParse("{\"id\": \"prj_CREATED\", \"name\": \"x\"}"));

        FunctionSuite.Seeded seeded =
                FunctionSuite.seed(Json.tryParse(GET_PROJECT_EVENT), "/v1/projects/{projectId}", seeds);

        JsonNode event = seeded.event();
        assertTrue(seeded.changed());
        assertFalse(seeded.unseededPath());
        assertEquals(
                "ten_CREATED",
                event.at("/requestContext/authorizer/jwt/claims/tenant_id").asText());
        assertEquals("prj_CREATED", event.at("/pathParameters/projectId").asText());
        assertEquals("/v1/projects/prj_CREATED", event.at("/rawPath").asText());
        assertEquals(
                "/v1/projects/prj_CREATED",
                event.at("/requestContext/http/path").asText());
    }

    @Test
    void seed_prefersTheCreatedFieldNamedLikeThePathParameter() {
        FunctionSuite.Seeds seeds = new FunctionSuite.Seeds();
        seeds.created.put("/v1/users", Json.tryParse("{\"userId\": \"usr_CREATED\", \"email\": \"g@example.com\"}"));
        JsonNode event =
                Json.tryParse("{\"rawPath\": \"/v1/users/usr_X\", \"pathParameters\": {\"userId\": \"usr_X\"}}");

        FunctionSuite.Seeded seeded = FunctionSuite.seed(event, "/v1/users/{userId}", seeds);

        assertEquals("usr_CREATED", seeded.event().at("/pathParameters/userId").asText());
        assertEquals("/v1/users/usr_CREATED", seeded.event().at("/rawPath").asText());
    }

    @Test
    void seed_marksAPathThatNothingCreated_andLeavesItAlone() {
        FunctionSuite.Seeded seeded = FunctionSuite.seed(
                Json.tryParse(GET_PROJECT_EVENT), "/v1/projects/{projectId}", new FunctionSuite.Seeds());

        assertTrue(seeded.unseededPath());
        assertFalse(seeded.changed());
        assertEquals(
                "prj_FIXTURE", seeded.event().at("/pathParameters/projectId").asText());
    }

    private static JsonNode queueEvent(String body) {
        ObjectNode record = JsonNodeFactory.instance
                .objectNode()
                .put("messageId", "m1")
                .put("eventSource", "aws:sqs")
                .put("md5OfBody", "x")
                .put("body", body);
        ObjectNode event = JsonNodeFactory.instance.objectNode();
        event.putArray("Records").add(record);
        return event;
    }

    /** A signed-up tenant that created an invoice. */
    private static FunctionSuite.Seeds tenantWithAnInvoice() {
        FunctionSuite.Seeds seeds = new FunctionSuite.Seeds();
        seeds.tenantId = "ten_CREATED";
        seeds.created.put("/v1/invoices", Json.tryParse("{\"id\": \"inv_CREATED\", \"status\": \"pending\"}"));
        return seeds;
    }

    @Test
    void seed_pointsAQueueMessageNamingACreatedResource_atItAndTheTenant() {
        JsonNode event = queueEvent("{\"tenantId\":\"ten_X\",\"invoiceId\":\"inv_X\"}");

        FunctionSuite.Seeded seeded = FunctionSuite.seed(event, null, tenantWithAnInvoice());

        assertTrue(seeded.changed());
        JsonNode record = seeded.event().at("/Records/0");
        assertEquals(
                "{\"tenantId\":\"ten_CREATED\",\"invoiceId\":\"inv_CREATED\"}",
                record.path("body").asText());
        // md5sum of that body, computed outside Java.
        assertEquals(
                "a5972659e49ba52762255a6e7ca6d70b", record.path("md5OfBody").asText());
    }

    @Test
    void seed_leavesAQueueMessageNamingNoCreatedResource_asItIs() {
        JsonNode event = queueEvent("{\"tenantId\":\"ten_X\",\"sweep\":false}");

        FunctionSuite.Seeded seeded = FunctionSuite.seed(event, null, tenantWithAnInvoice());

        assertFalse(seeded.changed());
        assertEquals(event, seeded.event());
    }
}
