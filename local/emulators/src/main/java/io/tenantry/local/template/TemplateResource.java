package io.tenantry.local.template;

import java.util.Map;

/** One entry of {@code Resources}: logical id, type, properties (intrinsics unresolved) and its condition, if any. */
public record TemplateResource(String logicalId, String type, Map<String, Object> properties, String condition) {

    public static final String FUNCTION = "AWS::Serverless::Function";
    public static final String TABLE = "AWS::DynamoDB::Table";
    public static final String QUEUE = "AWS::SQS::Queue";
    public static final String BUCKET = "AWS::S3::Bucket";
    public static final String ROLE = "AWS::IAM::Role";
    public static final String SECRET = "AWS::SecretsManager::Secret";

    static TemplateResource from(String logicalId, Map<String, Object> body) {
        String path = "Resources." + logicalId;
        String type = Nodes.string(body.get("Type"), path + ".Type");
        if (type == null) {
            throw new TemplateException(path + ": no Type");
        }
        return new TemplateResource(
                logicalId,
                type,
                Nodes.map(body.get("Properties"), path + ".Properties"),
                Nodes.string(body.get("Condition"), path + ".Condition"));
    }

    /** The path of a property, for error messages. */
    public String path(String property) {
        return "Resources." + logicalId + ".Properties." + property;
    }
}
