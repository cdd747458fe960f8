package io.tenantry.local.iam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantry.local.iam.RequestContexts.TransactionItem;
import io.tenantry.local.iam.TenantPolicies.Access;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tenant A's credentials against the keys and objects of A, of B, and of nobody. */
class TenantPoliciesTest {
    private static final String TABLE = "arn:aws:dynamodb:us-east-1:123456789012:table/tenantry";
    private static final String BUCKET = "tenantry-media";
    private static final String BUCKET_ARN = "arn:aws:s3:::" + BUCKET;
    private static final String A = "ten_01JD3Q5R7C000000000000000A";
    private static final String B = "ten_01JD3Q5R7C000000000000000B";

    private final PolicyEvaluator readWrite =
            PolicyEvaluator.of(TenantPolicies.policy(TABLE, BUCKET_ARN, Access.READ_WRITE));
    private final PolicyEvaluator readOnly =
            PolicyEvaluator.of(TenantPolicies.policy(TABLE, BUCKET_ARN, Access.READ_ONLY));

    private static RequestContext asA(RequestContext request) {
        return request.withPrincipalTags(TenantPolicies.sessionTags(A));
    }

    private Decision item(String operation, String... partitionKeys) {
        return readWrite.evaluate(asA(RequestContexts.dynamoDb(operation, TABLE, List.of(partitionKeys))));
    }

    private Decision object(String operation, String key) {
        return readWrite.evaluate(asA(RequestContexts.s3Object(operation, BUCKET, key)));
    }

    private Decision list(String prefix) {
        return readWrite.evaluate(asA(RequestContexts.s3List(BUCKET, prefix)));
    }

    @Test
    void tenantA_readsAndWritesItsOwnPartition() {
        for (String operation : List.of("GetItem", "Query", "PutItem", "UpdateItem", "DeleteItem")) {
            Decision own = item(operation, "TENANT#" + A);

            assertTrue(own.allowed(), own.message());
            assertEquals("TenantItems", own.statement().orElseThrow().sid());
        }
    }

    @Test
    void tenantA_isDeniedTenantBsPartition() {
        for (String operation : List.of("GetItem", "Query", "PutItem", "UpdateItem", "DeleteItem")) {
            assertEquals(
                    Decision.Outcome.IMPLICIT_DENY,
                    item(operation, "TENANT#" + B).outcome());
        }
    }

    @Test
    void tenantA_reachesItsRateBucketAndUsageShards_andNotTenantBs() {
        assertTrue(item("UpdateItem", "TENANT#" + A + "#RATE").allowed());
        assertTrue(item("UpdateItem", "TENANT#" + A + "#USAGE#3").allowed());
        assertTrue(item("Query", "TENANT#" + A + "#USAGE#3").allowed());
        assertFalse(item("UpdateItem", "TENANT#" + B + "#RATE").allowed());
        assertFalse(item("Query", "TENANT#" + B + "#USAGE#3").allowed());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "USER#usr_01JD3Q5R7C0000000000000001",
                "EMAIL#a@example.com",
                "IDENTITY#cognito|sub-1",
                "USAGEDAY#2026-11-01#7",
                "DELETION#" + A,
                "CALLER#sub-1",
                "TENANT#",
                "TENANT",
            })
    void tenantA_isDeniedIdentityIndexAndForeignKeys_evenWithItsOwnKeyBeside(String key) {
        assertFalse(item("GetItem", key).allowed());
        assertFalse(item("PutItem", key).allowed());
        assertFalse(item("BatchGetItem", "TENANT#" + A, key).allowed());
        assertTrue(item("BatchGetItem", "TENANT#" + A).allowed());
    }

    @Test
    void aBatchMixingTenantsKeys_isDenied_whileTheOwnKeysAloneAreAllowed() {
        assertFalse(item("BatchGetItem", "TENANT#" + A, "TENANT#" + B).allowed());
        assertFalse(item("BatchWriteItem", "TENANT#" + A + "#USAGE#1", "TENANT#" + B + "#USAGE#1")
                .allowed());
        assertTrue(item("BatchGetItem", "TENANT#" + A, "TENANT#" + A + "#RATE").allowed());
        assertTrue(item("BatchWriteItem", "TENANT#" + A + "#USAGE#1", "TENANT#" + A + "#USAGE#2")
                .allowed());
    }

    @Test
    void aTransactionMixingTheTenantsItemWithAUsageDayIndexItem_isDenied() {
        List<RequestContext> mixed = RequestContexts.dynamoDbTransaction(List.of(
                        new TransactionItem("Update", TABLE, "TENANT#" + A + "#USAGE#2"),
                        new TransactionItem("Put", TABLE, "USAGEDAY#2026-11-01#7")))
                .stream()
                .map(TenantPoliciesTest::asA)
                .toList();
        List<RequestContext> own = RequestContexts.dynamoDbTransaction(List.of(
                        new TransactionItem("ConditionCheck", TABLE, "TENANT#" + A),
                        new TransactionItem("Update", TABLE, "TENANT#" + A + "#USAGE#2"),
                        new TransactionItem("Delete", TABLE, "TENANT#" + A)))
                .stream()
                .map(TenantPoliciesTest::asA)
                .toList();

        Decision refused = readWrite.evaluateAll(mixed);

        assertFalse(refused.allowed());
        assertEquals("dynamodb:PutItem", refused.request().action());
        assertTrue(readWrite.evaluateAll(own).allowed());
    }

    @Test
    void scanAndPartiQl_areNeverGranted_althoughAQueryOfTheOwnPartitionIs() {
        assertFalse(item("Scan").allowed());
        assertFalse(item("PartiQLSelect").allowed());
        assertFalse(item("PartiQLSelect", "TENANT#" + A).allowed());
        assertFalse(item("DescribeTable").allowed());
        assertTrue(item("Query", "TENANT#" + A).allowed());
    }

    @Test
    void theItemStatement_requiresLeadingKeys_soAKeylessCallOfAGrantedActionIsDenied() {
        RequestContext keyless = asA(RequestContext.of("dynamodb:Query", TABLE));

        assertFalse(readWrite.evaluate(keyless).allowed());
        assertTrue(item("Query", "TENANT#" + A).allowed());
    }

    @Test
    void anotherTable_isDenied() {
        RequestContext otherTable = asA(RequestContexts.dynamoDb(
                "GetItem", "arn:aws:dynamodb:us-east-1:123456789012:table/other", List.of("TENANT#" + A)));

        assertFalse(readWrite.evaluate(otherTable).allowed());
        assertTrue(item("GetItem", "TENANT#" + A).allowed());
    }

    @Test
    void tenantA_readsWritesAndDeletesItsObjects_andNotTenantBs() {
        for (String operation : List.of("GetObject", "HeadObject", "PutObject", "UploadPart", "DeleteObject")) {
            assertTrue(object(operation, "tenants/" + A + "/media/logo.png").allowed(), operation);
            assertFalse(object(operation, "tenants/" + B + "/media/logo.png").allowed(), operation);
        }
    }

    @Test
    void objectsOutsideTheTenantsFolder_areDenied() {
        assertFalse(object("GetObject", "tenants/" + A).allowed());
        assertFalse(object("GetObject", "tenants/" + A + "B/logo.png").allowed());
        assertFalse(object("GetObject", "invoices/" + A + "/2026-11.pdf").allowed());
        assertTrue(object("GetObject", "tenants/" + A + "/logo.png").allowed());
    }

    @Test
    void copyingTenantBsObjectIntoTenantAsFolder_isDenied() {
        List<RequestContext> steal =
                RequestContexts.s3CopyObject(
                                BUCKET, "tenants/" + B + "/secret.pdf", BUCKET, "tenants/" + A + "/secret.pdf")
                        .stream()
                        .map(TenantPoliciesTest::asA)
                        .toList();
        List<RequestContext> own =
                RequestContexts.s3CopyObject(BUCKET, "tenants/" + A + "/a.pdf", BUCKET, "tenants/" + A + "/b.pdf")
                        .stream()
                        .map(TenantPoliciesTest::asA)
                        .toList();

        assertFalse(readWrite.evaluateAll(steal).allowed());
        assertTrue(readWrite.evaluateAll(own).allowed());
    }

    @Test
    void tenantA_listsUnderItsOwnPrefix_andNotTenantBs() {
        assertTrue(list("tenants/" + A + "/").allowed());
        assertTrue(list("tenants/" + A + "/media/").allowed());
        assertFalse(list("tenants/" + B + "/").allowed());
    }

    @Test
    void listingTenantsAlone_theBucketRoot_orThePrefixWithoutItsSlash_isDenied() {
        assertFalse(list("tenants/").allowed());
        assertFalse(list("").allowed());
        assertFalse(list(null).allowed());
        assertFalse(list("tenants/" + A).allowed(), "would also list tenants/" + A + "B... if such ids existed");
        assertTrue(list("tenants/" + A + "/").allowed());
    }

    @Test
    void readOnly_deniesWritesOnTheTenantsOwnKey_andAllowsReads() {
        RequestContext put = asA(RequestContexts.dynamoDb("PutItem", TABLE, List.of("TENANT#" + A)));
        RequestContext get = asA(RequestContexts.dynamoDb("GetItem", TABLE, List.of("TENANT#" + A)));
        RequestContext putObject = asA(RequestContexts.s3Object("PutObject", BUCKET, "tenants/" + A + "/a.png"));
        RequestContext getObject = asA(RequestContexts.s3Object("GetObject", BUCKET, "tenants/" + A + "/a.png"));

        assertFalse(readOnly.evaluate(put).allowed());
        assertTrue(readOnly.evaluate(get).allowed());
        assertFalse(readOnly.evaluate(putObject).allowed());
        assertTrue(readOnly.evaluate(getObject).allowed());
        assertTrue(readOnly.evaluate(asA(RequestContexts.s3List(BUCKET, "tenants/" + A + "/")))
                .allowed());
    }

    @Test
    void aReadOnlySessionPolicy_narrowsTheReadWriteRole() {
        PolicyEvaluator session =
                readWrite.withSessionPolicy(TenantPolicies.policy(TABLE, BUCKET_ARN, Access.READ_ONLY));
        RequestContext put = asA(RequestContexts.dynamoDb("PutItem", TABLE, List.of("TENANT#" + A)));
        RequestContext get = asA(RequestContexts.dynamoDb("GetItem", TABLE, List.of("TENANT#" + A)));

        assertEquals(PolicyKind.SESSION, session.evaluate(put).withoutAllow().orElseThrow());
        assertTrue(session.evaluate(get).allowed());
    }

    @Test
    void credentialsWithoutTheTenantTag_reachNothing() {
        RequestContext untagged = RequestContexts.dynamoDb("GetItem", TABLE, List.of("TENANT#" + A));
        RequestContext untaggedObject = RequestContexts.s3Object("GetObject", BUCKET, "tenants/" + A + "/a.png");

        assertFalse(readWrite.evaluate(untagged).allowed());
        assertFalse(readWrite.evaluate(untaggedObject).allowed());
        assertTrue(readWrite.evaluate(asA(untagged)).allowed());
    }

    // The satellite pattern TENANT#<id>#* reaches every key after "TENANT#<id>#". It reaches no other
    // tenant because that "#" ends the id and no id holds one; a longer key sharing the id as a prefix
    // (TENANT#<id>B) is out of reach only because the pattern keeps the "#": that a tenant id is
    // never the prefix of another comes from ids having one fixed length.
    @Test
    void aLongerIdSharingTheTenantsIdAsPrefix_isOutOfReach() {
        String longer = "TENANT#" + A + "B";

        assertFalse(item("GetItem", longer).allowed());
        assertFalse(item("GetItem", longer + "#RATE").allowed());
        assertTrue(item("GetItem", "TENANT#" + A + "#anything").allowed());
    }

    @Test
    void withoutTheHashBoundary_aPrefixPatternWouldReachALongerId_soItMustKeepIt() {
        PolicyEvaluator sloppy = PolicyEvaluator.of(Fixtures.policy("""
                {"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "%s",
                 "Condition": {"ForAllValues:StringLike": {"dynamodb:LeadingKeys": "TENANT#${aws:PrincipalTag/TenantId}*"},
                               "Null": {"dynamodb:LeadingKeys": "false"}}}
                """.formatted(TABLE)));

        assertTrue(sloppy.evaluate(asA(RequestContexts.dynamoDb("GetItem", TABLE, List.of("TENANT#" + A + "B"))))
                .allowed());
        assertFalse(item("GetItem", "TENANT#" + A + "B").allowed());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ten_01JD3Q5R7C000000000000000",
                "ten_01JD3Q5R7C000000000000000AB",
                "ten_01JD3Q5R7C00000000000000#A",
                "ten_01JD3Q5R7C00000000000000*A",
                "ten_01JD3Q5R7C00000000000000IA",
                "ten_01jd3q5r7c000000000000000a",
                "usr_01JD3Q5R7C000000000000000A",
                "",
            })
    void sessionTags_refuseAnythingButAFixedLengthTenantId(String id) {
        assertThrows(IllegalArgumentException.class, () -> TenantPolicies.sessionTags(id));
        assertEquals(Map.of("TenantId", A), TenantPolicies.sessionTags(A));
    }

    @Test
    void policyJson_isTheDocumentTheTemplateDeclares() {
        String json = TenantPolicies.policyJson(TABLE, BUCKET_ARN, Access.READ_WRITE);
        PolicyDocument policy = PolicyDocument.parse(json);

        assertEquals(List.of("TenantItems", "TenantObjects", "TenantListing"), policy.statementIds());
        assertTrue(json.contains("\"ForAllValues:StringLike\""), json);
        assertTrue(json.contains("\"TENANT#${aws:PrincipalTag/TenantId}\""), json);
        assertTrue(json.contains("\"TENANT#${aws:PrincipalTag/TenantId}#*\""), json);
        assertTrue(json.contains("\"Null\" : {\n        \"dynamodb:LeadingKeys\" : \"false\""), json);
        assertTrue(json.contains("\"" + BUCKET_ARN + "/tenants/${aws:PrincipalTag/TenantId}/*\""), json);
        assertTrue(json.contains("\"s3:prefix\" : \"tenants/${aws:PrincipalTag/TenantId}/*\""), json);
    }

    @Test
    void theDocumentedPolicy_isTheGeneratedOne() throws IOException {
        String doc = Files.readString(repositoryFile("docs/iam-evaluator.md"));
        int start = doc.indexOf("```json\n") + "```json\n".length();
        String documented = doc.substring(start, doc.indexOf("```", start));

        String generated = TenantPolicies.policyJson(
                "arn:aws:dynamodb:<region>:<account>:table/<TenantryTable>",
                "arn:aws:s3:::<MediaBucket>",
                Access.READ_WRITE);

        assertEquals(PolicyJson.MAPPER.readTree(generated), PolicyJson.MAPPER.readTree(documented));
    }

    private static Path repositoryFile(String name) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(name)) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir.resolve(name);
            }
        }
        throw new IllegalStateException("No " + name + " above " + Path.of("").toAbsolutePath());
    }

    @Test
    void neitherAccessLevel_grantsScanPartiQlOrATransactionAction() {
        for (Access access : Access.values()) {
            for (String action : access.itemActions()) {
                assertFalse(
                        action.contains("Scan") || action.contains("PartiQL") || action.contains("Transact"), action);
            }
        }
        assertTrue(Access.READ_WRITE.itemActions().contains("dynamodb:ConditionCheckItem"));
    }
}
