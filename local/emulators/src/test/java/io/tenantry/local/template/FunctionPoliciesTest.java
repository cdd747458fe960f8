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
import io.tenantry.local.iam.TenantPolicies;
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
    static final String TENANT_ID = "ten_01JD3Q5R7C0000000000000001";
    static final String OTHER_TENANT_ID = "ten_01JD3Q5R7C0000000000000002";
    static final String TENANT = "TENANT#" + TENANT_ID;
    static final String MEDIA_BUCKET = "arn:aws:s3:::media";
    static final String INVOICES_BUCKET = "arn:aws:s3:::invoices";
    static final String READ_ONLY_ROLE = "arn:aws:iam::123456789012:role/TenantReadOnlyRole";
    static final String READ_WRITE_ROLE = "arn:aws:iam::123456789012:role/TenantReadWriteRole";
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

    /**
     * The template's intrinsics as the ARNs they stand for: the table's, the two buckets', the tenant
     * roles', or one no call names; {@code ${!x}} in a Sub is the literal {@code ${x}}, a policy variable.
     */
    static Object resolve(Object node) {
        if (node instanceof Map<?, ?> map) {
            if (map.size() == 1 && map.containsKey("Fn::GetAtt")) {
                return arnOf(String.valueOf(map.get("Fn::GetAtt")));
            }
            if (map.size() == 1 && map.containsKey("Fn::Sub")) {
                String text = String.valueOf(map.get("Fn::Sub"))
                        .replace("${TenantryTable.Arn}", TABLE)
                        .replace("${MediaBucket.Arn}", MEDIA_BUCKET)
                        .replace("${InvoicesBucket.Arn}", INVOICES_BUCKET)
                        .replace("${!", "\u0000");
                return text.replaceAll("\\$\\{[^}]+}", "arn:aws:s3:::other").replace("\u0000", "${");
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

    private static String arnOf(String getAtt) {
        if (getAtt.contains("TenantryTable")) {
            return TABLE;
        }
        if (getAtt.contains("MediaBucket")) {
            return MEDIA_BUCKET;
        }
        if (getAtt.contains("InvoicesBucket")) {
            return INVOICES_BUCKET;
        }
        if (getAtt.contains("TenantReadOnlyRole")) {
            return READ_ONLY_ROLE;
        }
        if (getAtt.contains("TenantReadWriteRole")) {
            return READ_WRITE_ROLE;
        }
        String logicalId = getAtt.replaceAll("^\\W*(\\w+).*$", "$1");
        if (logicalId.endsWith("Queue")) {
            return queueArn(logicalId);
        }
        return "arn:aws:s3:::other";
    }

    static String queueArn(String logicalId) {
        return "arn:aws:sqs:us-east-1:123456789012:" + logicalId;
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

    /** The HTTP functions that serve tenant routes: those given a tenant role to assume, and that role. */
    static Map<String, String> tenantRoutes() {
        Map<String, String> roles = new LinkedHashMap<>();
        httpFunctions().keySet().forEach(logicalId -> {
            String policies = String.valueOf(
                    TEMPLATE.resources().get(logicalId).properties().get("Policies"));
            if (policies.contains("TenantReadOnlyAccessPolicy")) {
                roles.put(logicalId, READ_ONLY_ROLE);
            } else if (policies.contains("TenantReadWriteAccessPolicy")) {
                roles.put(logicalId, READ_WRITE_ROLE);
            }
        });
        return roles;
    }

    /** A tenant role's policy as a session with the tenant's tag sees it. */
    static PolicyEvaluator tenantRole(String logicalId) {
        Map<?, ?> policy = (Map<?, ?>)
                ((List<?>) TEMPLATE.resources().get(logicalId).properties().get("Policies")).get(0);
        return PolicyEvaluator.of(PolicyDocument.parse(logicalId, json(resolve(policy.get("PolicyDocument")))));
    }

    static RequestContext assume(String roleArn, String tenantId) {
        return RequestContext.of("sts:AssumeRole", roleArn)
                .with("aws:RequestTag/TenantId", tenantId)
                .withValues("aws:TagKeys", List.of("TenantId"));
    }

    static Decision asTenant(PolicyEvaluator role, RequestContext request) {
        return role.evaluate(request.withPrincipalTags(Map.of("TenantId", TENANT_ID)));
    }

    @Test
    void everyHttpRoute_mayAdmitAndRateLimit_itsRequests() {
        List<String> refused = new ArrayList<>();
        for (String function : httpFunctions().keySet()) {
            if (function.equals("GetHealthFunction")) {
                continue;
            }
            for (Decision decision : List.of(
                    decide(function, "GetItem", "IDENTITY#https://issuer.example#sub-1"),
                    decide(function, "GetItem", TENANT + "#RATE"),
                    decide(function, "ConditionCheckItem", "DELETION#" + TENANT_ID),
                    decide(function, "ConditionCheckItem", TENANT),
                    decide(function, "UpdateItem", TENANT + "#RATE"))) {
                if (!decision.allowed()) {
                    refused.add(function + ": " + decision.message());
                }
            }
        }
        assertEquals(List.of(), refused);
    }

    /**
     * Usage is counted from the functions' logs by the aggregator alone (docs/metering.md): no other function may write
     * a usage item, a day index entry or a tenant's storage level with its own role, so no buggy route can add to, or
     * take from, any tenant's bill; the aggregator may, and may do nothing else with the table.
     */
    @Test
    void onlyTheAggregator_writesUsage_andItWritesNothingElse() {
        List<String> writers = new ArrayList<>();
        for (String function : TEMPLATE.functions().keySet()) {
            if (decide(function, "UpdateItem", TENANT + "#USAGE#3").allowed()
                    || decide(function, "PutItem", "USAGEDAY#2026-12-05#7").allowed()) {
                writers.add(function);
            }
        }
        assertEquals(List.of("UsageLogFunction"), writers);
        for (Decision allowed : List.of(
                decide("UsageLogFunction", "ConditionCheckItem", TENANT),
                decide("UsageLogFunction", "UpdateItem", TENANT + "#USAGE#3"),
                decide("UsageLogFunction", "UpdateItem", TENANT),
                decide("UsageLogFunction", "PutItem", TENANT),
                decide("UsageLogFunction", "PutItem", "USAGEDAY#2026-12-05#7"))) {
            assertTrue(allowed.allowed(), allowed.message());
        }
        for (Decision refused : List.of(
                decide("UsageLogFunction", "GetItem", TENANT),
                decide("UsageLogFunction", "Query", TENANT),
                decide("UsageLogFunction", "DeleteItem", TENANT),
                decide("UsageLogFunction", "PutItem", "IDENTITY#https://issuer.example#sub-1"),
                decide("UsageLogFunction", "UpdateItem", "DELETION#" + TENANT_ID))) {
            assertFalse(refused.allowed(), refused.message());
        }
    }

    @Test
    void aTenantRoutesOwnRole_readsAndWritesNoTenantsItems_itsTenantRoleDoes() {
        List<String> wrong = new ArrayList<>();
        Map<String, String> routes = tenantRoutes();
        assertTrue(routes.size() >= 22, "the tenant routes were found: " + routes.keySet());
        for (var route : routes.entrySet()) {
            String function = route.getKey();
            for (String operation : List.of("GetItem", "Query", "PutItem", "UpdateItem", "DeleteItem")) {
                if (decide(function, operation, TENANT).allowed()) {
                    wrong.add(function + " may " + operation + " " + TENANT + " with its own role");
                }
            }
            if (decide(function, "Scan").allowed()) {
                wrong.add(function + " may scan the table");
            }
            Decision own = evaluator(function).evaluate(assume(route.getValue(), TENANT_ID));
            if (!own.allowed()) {
                wrong.add(function + " cannot assume its tenant role: " + own.message());
            }
            if (evaluator(function).evaluate(assume(route.getValue(), "admin")).allowed()) {
                wrong.add(function + " may assume its tenant role with a tag that is no tenant id");
            }
            String roleLogicalId = route.getValue().substring(route.getValue().lastIndexOf('/') + 1);
            if (!asTenant(tenantRole(roleLogicalId), RequestContexts.dynamoDb("GetItem", TABLE, List.of(TENANT)))
                    .allowed()) {
                wrong.add(function + "'s tenant role cannot read the tenant's items");
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void aRouteThatOnlyReads_assumesOnlyTheReadOnlyRole_whichCannotWrite_butReads() {
        List<String> wrong = new ArrayList<>();
        int readers = 0;
        for (var entry : httpFunctions().entrySet()) {
            String function = entry.getKey();
            if (!entry.getValue().equals("GET") || !tenantRoutes().containsKey(function)) {
                continue;
            }
            readers++;
            if (evaluator(function).evaluate(assume(READ_WRITE_ROLE, TENANT_ID)).allowed()) {
                wrong.add(function + " may assume the read-write tenant role");
            }
            if (!evaluator(function).evaluate(assume(READ_ONLY_ROLE, TENANT_ID)).allowed()) {
                wrong.add(function + " cannot assume the read-only tenant role");
            }
            for (String write : List.of("PutItem", "UpdateItem", "DeleteItem")) {
                for (String key : List.of(TENANT, "USER#usr_01JD3Q5R7C0000000000000001", "EMAIL#a@example.com")) {
                    if (decide(function, write, key).allowed()) {
                        wrong.add(function + " may " + write + " " + key);
                    }
                }
            }
        }
        PolicyEvaluator readOnly = tenantRole("TenantReadOnlyRole");
        for (String write : List.of("PutItem", "UpdateItem", "DeleteItem")) {
            if (asTenant(readOnly, RequestContexts.dynamoDb(write, TABLE, List.of(TENANT)))
                    .allowed()) {
                wrong.add("the read-only tenant role may " + write);
            }
        }
        if (asTenant(readOnly, RequestContexts.s3Object("PutObject", "media", "tenants/" + TENANT_ID + "/x"))
                .allowed()) {
            wrong.add("the read-only tenant role may put objects");
        }
        if (!asTenant(readOnly, RequestContexts.s3Object("GetObject", "media", "tenants/" + TENANT_ID + "/x"))
                .allowed()) {
            wrong.add("the read-only tenant role cannot read the tenant's objects");
        }
        assertTrue(readers >= 10, "the read-only routes were found: " + readers);
        assertEquals(List.of(), wrong);
    }

    @Test
    void theTenantRoles_reachTheTenantsKeysAndPrefixes_andNoOneElses() {
        for (String role : List.of("TenantReadOnlyRole", "TenantReadWriteRole")) {
            PolicyEvaluator tenant = tenantRole(role);
            for (String key : List.of(TENANT, TENANT + "#USAGE#3", TENANT + "#RATE")) {
                Decision own = asTenant(tenant, RequestContexts.dynamoDb("Query", TABLE, List.of(key)));
                assertTrue(own.allowed(), role + " " + key + ": " + own.message());
            }
            for (String key : List.of(
                    "TENANT#" + OTHER_TENANT_ID,
                    "TENANT#" + OTHER_TENANT_ID + "#USAGE#3",
                    "USER#usr_01JD3Q5R7C0000000000000001",
                    "IDENTITY#iss#sub",
                    "USAGEDAY#2026-12-05#7",
                    "TENANT#" + TENANT_ID.substring(0, 10))) {
                Decision other = asTenant(tenant, RequestContexts.dynamoDb("Query", TABLE, List.of(key)));
                assertFalse(other.allowed(), role + " reaches " + key);
            }
            Decision mixed = asTenant(
                    tenant,
                    RequestContexts.dynamoDb("BatchGetItem", TABLE, List.of(TENANT, "TENANT#" + OTHER_TENANT_ID)));
            assertFalse(mixed.allowed(), role + " reads another tenant's key in a batch");
            assertFalse(
                    asTenant(tenant, RequestContexts.dynamoDb("Scan", TABLE, List.of()))
                            .allowed(),
                    role + " scans");
            assertFalse(
                    asTenant(tenant, RequestContexts.dynamoDb("PartiQLSelect", TABLE, List.of()))
                            .allowed(),
                    role + " runs PartiQL");
            for (String bucket : List.of("media", "invoices")) {
                assertTrue(
                        asTenant(tenant, RequestContexts.s3Object("GetObject", bucket, "tenants/" + TENANT_ID + "/a"))
                                .allowed());
                assertFalse(asTenant(
                                tenant,
                                RequestContexts.s3Object("GetObject", bucket, "tenants/" + OTHER_TENANT_ID + "/a"))
                        .allowed());
                assertTrue(asTenant(tenant, RequestContexts.s3List(bucket, "tenants/" + TENANT_ID + "/media/"))
                        .allowed());
                assertFalse(asTenant(tenant, RequestContexts.s3List(bucket, "tenants/"))
                        .allowed());
            }
            Decision untagged = tenant.evaluate(RequestContexts.dynamoDb("GetItem", TABLE, List.of(TENANT)));
            assertFalse(untagged.allowed(), role + " without a TenantId tag reaches a tenant");
        }
    }

    @Test
    void theTenantRoles_decideAsTheLocalTenantPolicy() {
        Map<String, TenantPolicies.Access> roles = Map.of(
                "TenantReadOnlyRole", TenantPolicies.Access.READ_ONLY,
                "TenantReadWriteRole", TenantPolicies.Access.READ_WRITE);
        List<String> differ = new ArrayList<>();
        for (var role : roles.entrySet()) {
            PolicyEvaluator template = tenantRole(role.getKey());
            PolicyEvaluator local = PolicyEvaluator.of(TenantPolicies.policy(TABLE, MEDIA_BUCKET, role.getValue()));
            List<RequestContext> probes = new ArrayList<>();
            for (String operation : List.of(
                    "GetItem", "Query", "PutItem", "UpdateItem", "DeleteItem", "BatchGetItem", "BatchWriteItem")) {
                for (String key :
                        List.of(TENANT, TENANT + "#USAGE#1", "TENANT#" + OTHER_TENANT_ID, "USER#usr_1", TENANT + "X")) {
                    probes.add(RequestContexts.dynamoDb(operation, TABLE, List.of(key)));
                }
            }
            probes.add(RequestContexts.dynamoDb("Scan", TABLE, List.of()));
            for (String operation : List.of("GetObject", "PutObject", "DeleteObject")) {
                for (String tenant : List.of(TENANT_ID, OTHER_TENANT_ID)) {
                    probes.add(RequestContexts.s3Object(operation, "media", "tenants/" + tenant + "/media/m/original"));
                }
            }
            probes.add(RequestContexts.s3List("media", "tenants/" + TENANT_ID + "/"));
            probes.add(RequestContexts.s3List("media", "tenants/" + OTHER_TENANT_ID + "/"));
            for (RequestContext probe : probes) {
                boolean inTemplate = asTenant(template, probe).allowed();
                boolean inLocal = asTenant(local, probe).allowed();
                if (inTemplate != inLocal) {
                    differ.add(role.getKey() + " " + probe + ": template " + inTemplate + ", local " + inLocal);
                }
            }
        }
        assertEquals(List.of(), differ);
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
                List.of(
                        "ListAuditEventsFunction",
                        "ListUsersFunction",
                        "ListProjectsFunction",
                        "ListMediaFunction",
                        "ListWebhooksFunction",
                        "ListWebhookDeliveriesFunction",
                        "ListInvoicesFunction"),
                readers);
    }

    @Test
    void thePreTrafficHook_invokesOnlyTheProbedVersions_andTouchesNoData() {
        PolicyEvaluator hook = evaluator("PreTrafficHookFunction");
        for (String version : List.of(
                "GetHealthFunction.Version",
                "GetMeFunction.Version",
                "GetTenantFunction.Version",
                "ListProjectsFunction.Version")) {
            Decision invoke = hook.evaluate(RequestContext.of("lambda:InvokeFunction", "arn:aws:other:::" + version));
            assertTrue(invoke.allowed(), version + ": " + invoke.message());
        }
        assertFalse(
                hook.evaluate(RequestContext.of(
                                "lambda:InvokeFunction", "arn:aws:other:::CreateTenantFunction.Version"))
                        .allowed(),
                "a write route is never probed");
        assertFalse(
                hook.evaluate(RequestContext.of("lambda:InvokeFunction", "arn:aws:other:::GetTenantFunction"))
                        .allowed(),
                "only a version, not $LATEST");
        for (String operation : List.of("GetItem", "Query", "PutItem", "UpdateItem", "DeleteItem")) {
            assertFalse(decide("PreTrafficHookFunction", operation, TENANT).allowed(), operation);
        }
    }

    /**
     * Who may put a message on each queue. A request path writes its change and the messages it causes in one
     * transaction and the outbox relay sends them (docs/outbox.md), so no route sends to the webhook, email or purge
     * queue itself; the only senders left are the relay, the media upload relay (S3 cannot set a message group),
     * each worker to its own dead-letter queue (and its own retries), the invoice nudge, and the invoice worker's
     * redelivered ready notice. A sender added without a line
     * here fails, and so does a grant dropped from a function that still needs it.
     */
    @Test
    void onlyTheRelayAndTheWorkers_maySendToTheQueues_eachToItsOwn() {
        Map<String, List<String>> expected = new LinkedHashMap<>();
        // S3 notifies MediaUploadsQueue; its relay sends each upload on in its tenant's message group.
        expected.put("MediaQueue", List.of("MediaUploadRelayFunction"));
        expected.put("MediaDeadLetterQueue", List.of("MediaQueueFunction"));
        expected.put("MediaUploadsQueue", List.of()); // the media bucket's notifications, by the queue's policy
        expected.put("MediaUploadRelayDeadLetterQueue", List.of("MediaUploadRelayFunction"));
        expected.put("InvoicesQueue", List.of("CreateInvoiceFunction", "OutboxRelayFunction"));
        expected.put("InvoicesDeadLetterQueue", List.of("InvoiceQueueFunction"));
        expected.put("PurgeQueue", List.of("TenantPurgeQueueFunction", "OutboxRelayFunction"));
        expected.put("PurgeDeadLetterQueue", List.of("TenantPurgeQueueFunction"));
        expected.put("EmailQueue", List.of("InvoiceQueueFunction", "OutboxRelayFunction"));
        expected.put("EmailDeadLetterQueue", List.of("EmailQueueFunction"));
        expected.put("WebhookEventsQueue", List.of("WebhookQueueFunction", "OutboxRelayFunction"));
        expected.put("WebhookDeadLetterQueue", List.of("WebhookQueueFunction"));
        expected.put("OutboxRelayDeadLetterQueue", List.of("OutboxRelayFunction"));
        expected.put("UsageLogDeadLetterQueue", List.of("UsageLogFunction"));
        expected.put("CostExportDeadLetterQueue", List.of("CostExportFunction"));
        List<String> queues = TEMPLATE.resources().entrySet().stream()
                .filter(e -> e.getValue().type().equals("AWS::SQS::Queue"))
                .map(Map.Entry::getKey)
                .toList();
        assertEquals(List.copyOf(expected.keySet()), queues, "every queue of the template has its senders listed");
        for (String queue : queues) {
            List<String> senders = new ArrayList<>();
            for (String function : TEMPLATE.functions().keySet()) {
                if (evaluator(function)
                        .evaluate(RequestContext.of("sqs:SendMessage", queueArn(queue)))
                        .allowed()) {
                    senders.add(function);
                }
            }
            assertEquals(
                    expected.get(queue).stream().sorted().toList(),
                    senders.stream().sorted().toList(),
                    "the functions that may send to " + queue);
        }
    }
}
