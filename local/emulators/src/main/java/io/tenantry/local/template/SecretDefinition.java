package io.tenantry.local.template;

import java.util.Map;

/**
 * An {@code AWS::SecretsManager::Secret}: its local name, and either its {@code SecretString} (a plain string) or,
 * for {@code GenerateSecretString}, the length of the value to generate ({@code PasswordLength}, default 32).
 */
public record SecretDefinition(String logicalId, String secretName, String secretString, int generatedLength) {
    private static final int DEFAULT_LENGTH = 32;

    static SecretDefinition from(TemplateResource secret) {
        String value =
                Nodes.plainString(secret.properties().get("SecretString")).orElse(null);
        Map<String, Object> generate =
                Nodes.map(secret.properties().get("GenerateSecretString"), secret.path("GenerateSecretString"));
        Integer length =
                Nodes.integer(generate.get("PasswordLength"), secret.path("GenerateSecretString.PasswordLength"));
        return new SecretDefinition(
                secret.logicalId(), PhysicalNames.secret(secret), value, length == null ? DEFAULT_LENGTH : length);
    }
}
