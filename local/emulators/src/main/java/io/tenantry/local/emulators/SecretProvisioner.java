package io.tenantry.local.emulators;

import io.tenantry.local.template.SecretDefinition;
import io.tenantry.local.template.TemplateResource;
import java.security.SecureRandom;
import java.util.Map;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * Creates a secret unless it exists, with the template's {@code SecretString} or, for {@code GenerateSecretString},
 * a random alphanumeric value. An existing secret keeps its value: on the embedded emulators with a data folder it
 * survives a restart, so cursors signed before it still verify.
 */
final class SecretProvisioner {
    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final SecretsManagerClient secretsManager;
    private final SecureRandom random = new SecureRandom();

    SecretProvisioner(SecretsManagerClient secretsManager) {
        this.secretsManager = secretsManager;
    }

    ProvisionedResource provision(SecretDefinition secret) {
        String arn;
        try {
            arn = secretsManager
                    .describeSecret(r -> r.secretId(secret.secretName()))
                    .arn();
        } catch (ResourceNotFoundException e) {
            String value = secret.secretString() != null ? secret.secretString() : generate(secret.generatedLength());
            arn = secretsManager
                    .createSecret(r -> r.name(secret.secretName()).secretString(value))
                    .arn();
        }
        // Ref gives a secret's ARN, as in CloudFormation.
        return new ProvisionedResource(
                secret.logicalId(), TemplateResource.SECRET, secret.secretName(), arn, Map.of("Id", arn));
    }

    private String generate(int length) {
        StringBuilder value = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            value.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
        }
        return value.toString();
    }
}
