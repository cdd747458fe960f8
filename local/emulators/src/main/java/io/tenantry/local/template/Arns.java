package io.tenantry.local.template;

/** ARNs of local resources, in the pseudo account and region {@link Intrinsics} uses. */
public final class Arns {
    private Arns() {}

    public static String table(String tableName) {
        return "arn:aws:dynamodb:" + Intrinsics.REGION + ":" + Intrinsics.ACCOUNT_ID + ":table/" + tableName;
    }

    public static String queue(String queueName) {
        return "arn:aws:sqs:" + Intrinsics.REGION + ":" + Intrinsics.ACCOUNT_ID + ":" + queueName;
    }

    public static String bucket(String bucketName) {
        return "arn:aws:s3:::" + bucketName;
    }

    public static String role(String roleName) {
        return "arn:aws:iam::" + Intrinsics.ACCOUNT_ID + ":role/" + roleName;
    }

    public static String function(String functionName) {
        return "arn:aws:lambda:" + Intrinsics.REGION + ":" + Intrinsics.ACCOUNT_ID + ":function:" + functionName;
    }

    /**
     * A secret's ARN. The service ends it with a hyphen and six random characters; where only the template is known,
     * {@code -local} stands in for them.
     */
    public static String secret(String secretName, String suffix) {
        return "arn:aws:secretsmanager:" + Intrinsics.REGION + ":" + Intrinsics.ACCOUNT_ID + ":secret:" + secretName
                + "-" + suffix;
    }
}
