package io.tenantry.local.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tenantry.local.iam.Decision;
import io.tenantry.local.iam.PolicyDocument;
import io.tenantry.local.iam.PolicyEvaluator;
import io.tenantry.local.iam.RequestContext;
import io.tenantry.local.iam.RequestContexts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The IAM half of isolation, read from the real template and decided by the project's IAM evaluator
 * (docs/iam-evaluator.md) as AWS would decide it: every HTTP route may do what the handler base
 * does for it (admission reads, rate leases, usage flushes); a route that only reads cannot write
 * a tenant's items, whatever its code tries; and nothing on the request path may scan the table.
 * Each refusal is paired with an allowed call of the same function, so a policy that denies
 * everything cannot pass.
 */
class FunctionPoliciesTest {
    static final SamTemplate TEMPLATE = SamTemplate.load(RealTemplateTest.templateFile());
    static final String TABLE = "arn:aws:dynamodb:us-east-1:123456789012:table/TenantryTable";
    static final String TENANT = "TENANT#ten_01JD3Q5R7C0000000000000001";
    static final ObjectMapper JSON = new ObjectMapper();

    /** The functions routed by the HTTP API, with their method. */
    static Map<String, String> httpFunctions() {
        Map<String, String> methods = new LinkedHashMap<>();
        TEMPLATE.functions()
                .values()
                .forEach(function -> function.events(FunctionEvent.HttpApi.class)
                        .forEach(e -> methods.put(function.logicalId(), e.method())));
        return methods;
    }

    /** The function's identity policies: its inline statements and the managed policies it names. */
    static PolicyEvaluator evaluator(String logicalId) {
        TemplateResource function = TEMPLATE.resources().get(logicalId);
        List<PolicyDocument> documents = new ArrayList<>();
        Object policies = function.properties().get("Policies");
        if (policies instanceof List<?> list) {
            int n = 0;
            for (Object policy : list) {
                Map<?, ?> entry = (Map<?, ?>) policy;
                Object document = entry.containsKey("Ref")
                        ? ((Map<?, ?>) TEMPLATE.resources()
                                        .get(String.valueOf(entry.get("Ref")))
                                        .properties())
                                .get("PolicyDocument")
                        : Map.of("Version", "2012-10-17", "Statement", entry.get("Statement"));
                documents.add(PolicyDocument.parse(logicalId + "#" + n++, json(resolve(document))));
            }
        }
        return PolicyEvaluator.of(documents);
    }

    /** The template's intrinsics as the ARNs they stand for: the table's, or one no DynamoDB call names. */
    static Object resolve(Object node) {
        if (node instanceof Map<?, ?> map) {
            if (map.size() == 1 && map.containsKey("Fn::GetAtt")) {
                return String.valueOf(map.get("Fn::GetAtt")).contains("TenantryTable") ? TABLE : "arn:aws:s3:::other";
            }
            if (map.size() == 1 && map.containsKey("Fn::Sub")) {
                return String.valueOf(map.get("Fn::Sub"))
                        .replace("${TenantryTable.Arn}", TABLE)
                        .replaceAll("\\$\\{[^}]+}", "arn:aws:s3:::other");
            }
            if (map.size() == 1 && map.containsKey("Ref")) {
                return "arn:aws:other:::" + map.get("Ref");
            }
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), resolve(v)));
            return copy;
        }
        if (node instanceof List<?> list) {
            return list.stream().map(FunctionPoliciesTest::resolve).toList();
        }
        return node;
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Decision decide(String function, String operation, String... partitionKeys) {
        RequestContext request = operation.equals("ConditionCheckItem")
                ? RequestContext.of("dynamodb:ConditionCheckItem", TABLE)
                        .withValues(RequestContexts.LEADING_KEYS, List.of(partitionKeys))
                : RequestContexts.dynamoDb(operation, TABLE, List.of(partitionKeys));
        return evaluator(function).evaluate(request);
    }

    @Test
    void everyHttpRoute_mayAdmitRateLimitAndMeter_itsRequests() {
        List<String> refused = new ArrayList<>();
        for (String function : httpFunctions().keySet()) {
            if (function.equals("GetHealthFunction")) {
                continue;
            }
            for (Decision decision : List.of(
                    decide(function, "GetItem", "IDENTITY#https://issuer.example#sub-1"),
                    decide(function, "BatchGetItem", TENANT),
                    decide(function, "ConditionCheckItem", "DELETION#ten_01JD3Q5R7C0000000000000001"),
                    decide(function, "UpdateItem", TENANT + "#RATE"),
                    decide(function, "UpdateItem", TENANT + "#USAGE#3"),
                    decide(function, "PutItem", "USAGEDAY#2026-12-05#7"))) {
                if (!decision.allowed()) {
                    refused.add(function + ": " + decision.message());
                }
            }
        }
        assertEquals(List.of(), refused);
    }

    @Test
    void aRouteThatOnlyReads_cannotWriteATenantsItems_butReadsThem() {
        List<String> wrong = new ArrayList<>();
        int readers = 0;
        for (var entry : httpFunctions().entrySet()) {
            if (!entry.getValue().equals("GET") || entry.getKey().equals("GetHealthFunction")) {
                continue;
            }
            String function = entry.getKey();
            if (function.equals("GetMeFunction")) {
                continue; // signing in writes the caller's identity and accepts invitations: see the next test
            }
            readers++;
            for (String write : List.of("PutItem", "UpdateItem", "DeleteItem")) {
                for (String key : List.of(TENANT, "USER#usr_01JD3Q5R7C0000000000000001", "EMAIL#a@example.com")) {
                    if (decide(function, write, key).allowed()) {
                        wrong.add(function + " may " + write + " " + key);
                    }
                }
            }
            if (!decide(function, "GetItem", TENANT).allowed()) {
                wrong.add(function + " cannot read its tenant's items");
            }
            if (decide(function, "Scan").allowed()) {
                wrong.add(function + " may scan the table");
            }
        }
        assertTrue(readers >= 10, "the read-only routes were found: " + readers);
        assertEquals(List.of(), wrong);
    }

    @Test
    void theRateAndUsageStatement_reachesNoTenantData_evenWithAKeyThatEndsLikeOne() {
        Decision data = decide("GetProjectFunction", "UpdateItem", TENANT);
        Decision rate = decide("GetProjectFunction", "UpdateItem", TENANT + "#RATE");
        Decision mixed = decide("GetProjectFunction", "BatchWriteItem", TENANT + "#RATE", TENANT);
        assertFalse(data.allowed(), data.message());
        assertTrue(rate.allowed(), rate.message());
        assertFalse(mixed.allowed(), mixed.message());
    }

    @Test
    void signingIn_mayWriteIdentities_andAcceptInvitations() {
        for (String function : List.of("GetMeFunction", "PreTokenGenerationFunction")) {
            for (String operation : List.of("PutItem", "UpdateItem", "DeleteItem")) {
                for (String key : List.of("IDENTITY#iss#sub", "EMAIL#a@example.com", "USER#usr_1", TENANT)) {
                    Decision decision = decide(function, operation, key);
                    assertTrue(decision.allowed(), function + " " + operation + " " + key + ": " + decision.message());
                }
            }
            assertFalse(decide(function, "Scan").allowed(), function + " may scan");
        }
    }

    @Test
    void onlyTheFunctionsThatPage_mayReadTheCursorKeys_andOnlyThatSecret() {
        String cursorSecret = "arn:aws:other:::CursorSecret";
        List<String> readers = new ArrayList<>();
        for (String function : TEMPLATE.functions().keySet()) {
            if (evaluator(function)
                    .evaluate(RequestContext.of("secretsmanager:GetSecretValue", cursorSecret))
                    .allowed()) {
                readers.add(function);
            }
            Decision other = evaluator(function)
                    .evaluate(RequestContext.of("secretsmanager:GetSecretValue", "arn:aws:other:::OtherSecret"));
            assertFalse(other.allowed(), function + " may read another secret");
        }
        assertEquals(
                List.of("ListUsersFunction", "ListProjectsFunction", "ListMediaFunction", "ListInvoicesFunction"),
                readers);
    }
}
