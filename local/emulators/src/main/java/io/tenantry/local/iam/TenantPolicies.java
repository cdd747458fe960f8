package io.tenantry.local.iam;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The policy of tenant-scoped credentials: a role assumed with the session tag {@value
 * #TENANT_ID_TAG}, whose policy reaches the table only where every partition key of a request is
 * the tenant's, {@code TENANT#<id>} or one of its satellites {@code TENANT#<id>#...}, and the bucket
 * only under {@code tenants/<id>/}. The same document serves as the role's policy and as a session
 * policy (read-only routes pass the {@link Access#READ_ONLY} one to narrow a session).
 *
 * <p>Why {@code TENANT#<id>#*} reaches no other tenant: the {@code #} after the id ends it, and no
 * tenant id contains a {@code #} (they are {@code ten_} and 26 Crockford base-32 characters, see
 * {@link #sessionTags}), so no other tenant's partition starts with {@code TENANT#<id>#}. The fixed
 * length adds that no id is a prefix of another: even {@code TENANT#<id>*} without the {@code #}
 * would reach no other tenant's own partition (it would reach any longer key, which is why the
 * pattern keeps the {@code #}).
 *
 * <p>What it never grants: Scan, PartiQL and any keyless call. {@code ForAllValues:StringLike} on
 * {@code dynamodb:LeadingKeys} is true for a request without partition keys, so the statement also
 * requires the key to be present ({@code Null: false}).
 */
public final class TenantPolicies {
    public static final String TENANT_ID_TAG = "TenantId";
    /** The shape of a tenant id: fixed length, no {@code #}, no wildcard. */
    public static final Pattern TENANT_ID = Pattern.compile("ten_[0-9A-HJKMNP-TV-Z]{26}");

    private static final String TENANT_VARIABLE = "${aws:PrincipalTag/" + TENANT_ID_TAG + "}";

    /** Which actions a tenant session gets. */
    public enum Access {
        READ_ONLY(List.of("dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query"), List.of("s3:GetObject")),
        /**
         * Reads and item writes. TransactWriteItems is not an IAM action: each of its items is
         * authorized as PutItem, UpdateItem, DeleteItem or ConditionCheckItem.
         */
        READ_WRITE(
                List.of(
                        "dynamodb:GetItem",
                        "dynamodb:BatchGetItem",
                        "dynamodb:Query",
                        "dynamodb:PutItem",
                        "dynamodb:UpdateItem",
                        "dynamodb:DeleteItem",
                        "dynamodb:BatchWriteItem",
                        "dynamodb:ConditionCheckItem"),
                List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject"));

        private final List<String> itemActions;
        private final List<String> objectActions;

        Access(List<String> itemActions, List<String> objectActions) {
            this.itemActions = itemActions;
            this.objectActions = objectActions;
        }

        public List<String> itemActions() {
            return itemActions;
        }

        public List<String> objectActions() {
            return objectActions;
        }
    }

    private TenantPolicies() {}

    /** The policy JSON for the table {@code tableArn} and the bucket {@code bucketArn}. */
    public static String policyJson(String tableArn, String bucketArn, Access access) {
        ObjectNode policy = PolicyJson.MAPPER.createObjectNode();
        policy.put("Version", PolicyDocument.CURRENT_VERSION);
        ArrayNode statements = policy.putArray("Statement");
        statements.add(tenantItems(tableArn, access));
        statements.add(tenantObjects(bucketArn, access));
        statements.add(tenantListing(bucketArn));
        try {
            return PolicyJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(policy);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@link #policyJson}, parsed, named {@code tenant-read-only} or {@code tenant-read-write}. */
    public static PolicyDocument policy(String tableArn, String bucketArn, Access access) {
        String name = "tenant-" + access.name().toLowerCase(Locale.ROOT).replace('_', '-');
        return PolicyDocument.parse(name, policyJson(tableArn, bucketArn, access));
    }

    /**
     * The session tags of a tenant's credentials; refuses anything but a well-formed tenant id, on
     * which the partition patterns' isolation rests.
     */
    public static Map<String, String> sessionTags(String tenantId) {
        if (tenantId == null || !TENANT_ID.matcher(tenantId).matches()) {
            throw new IllegalArgumentException("Not a tenant id: " + tenantId);
        }
        return Map.of(TENANT_ID_TAG, tenantId);
    }

    private static ObjectNode tenantItems(String tableArn, Access access) {
        ObjectNode statement = allow("TenantItems", access.itemActions(), tableArn);
        ObjectNode condition = statement.putObject("Condition");
        condition
                .putObject("ForAllValues:StringLike")
                .putArray(RequestContexts.LEADING_KEYS)
                .add("TENANT#" + TENANT_VARIABLE)
                .add("TENANT#" + TENANT_VARIABLE + "#*");
        condition.putObject("Null").put(RequestContexts.LEADING_KEYS, "false");
        return statement;
    }

    private static ObjectNode tenantObjects(String bucketArn, Access access) {
        return allow("TenantObjects", access.objectActions(), bucketArn + "/tenants/" + TENANT_VARIABLE + "/*");
    }

    private static ObjectNode tenantListing(String bucketArn) {
        ObjectNode statement = allow("TenantListing", List.of("s3:ListBucket"), bucketArn);
        statement
                .putObject("Condition")
                .putObject("StringLike")
                .put(RequestContexts.S3_PREFIX, "tenants/" + TENANT_VARIABLE + "/*");
        return statement;
    }

    private static ObjectNode allow(String sid, List<String> actions, String resource) {
        ObjectNode statement = PolicyJson.MAPPER.createObjectNode();
        statement.put("Sid", sid);
        statement.put("Effect", "Allow");
        ArrayNode array = statement.putArray("Action");
        actions.forEach(array::add);
        statement.put("Resource", resource);
        return statement;
    }
}
