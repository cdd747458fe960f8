package io.tenantry.local.emulators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/** The local Secrets Manager, through the SDK as a function and the provisioner use it. */
class LocalSecretsManagerTest {
    private static LocalSecretsManager server;
    private static AwsClients clients;

    @BeforeAll
    static void start() {
        server = LocalSecretsManager.start();
        clients = clientsOf(server);
    }

    @AfterAll
    static void stop() {
        clients.close();
        server.close();
    }

    @Test
    void createdSecret_answersItsValue_asAWSCURRENT_byNameAndByArn() {
        String name = unique();
        CreateSecretResponse created =
                clients.secretsManager().createSecret(r -> r.name(name).secretString("one"));

        GetSecretValueResponse byName = clients.secretsManager().getSecretValue(r -> r.secretId(name));
        GetSecretValueResponse byArn = clients.secretsManager()
                .getSecretValue(r -> r.secretId(created.arn()).versionStage("AWSCURRENT"));

        assertEquals("one", byName.secretString());
        assertEquals(created.versionId(), byName.versionId());
        assertEquals(List.of("AWSCURRENT"), byName.versionStages());
        assertEquals(created.arn(), byArn.arn());
        assertEquals("one", byArn.secretString());
        assertTrue(created.arn().matches("arn:aws:secretsmanager:us-east-1:000000000000:secret:" + name + "-\\w{6}"));
    }

    @Test
    void putSecretValue_makesTheNewVersionCurrent_andTheOldOnePrevious() {
        String name = unique();
        String first = clients.secretsManager()
                .createSecret(r -> r.name(name).secretString("one"))
                .versionId();
        PutSecretValueResponse second =
                clients.secretsManager().putSecretValue(r -> r.secretId(name).secretString("two"));
        PutSecretValueResponse third =
                clients.secretsManager().putSecretValue(r -> r.secretId(name).secretString("three"));

        assertEquals("three", stage(name, "AWSCURRENT").secretString());
        assertEquals(third.versionId(), stage(name, "AWSCURRENT").versionId());
        assertEquals("two", stage(name, "AWSPREVIOUS").secretString());
        assertEquals(second.versionId(), stage(name, "AWSPREVIOUS").versionId());
        assertEquals(
                "one",
                clients.secretsManager()
                        .getSecretValue(r -> r.secretId(name).versionId(first))
                        .secretString(),
                "an older version stays readable by its id");
        assertEquals(
                Map.of(third.versionId(), List.of("AWSCURRENT"), second.versionId(), List.of("AWSPREVIOUS")),
                Map.copyOf(
                        clients
                                .secretsManager()
                                .describeSecret(r -> r.secretId(name))
                                .versionIdsToStages()
                                .entrySet()
                                .stream()
                                .filter(e -> !e.getValue().isEmpty())
                                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue))));
    }

    @Test
    void aSecretNeverRotated_hasNoPreviousVersion() {
        String name = unique();
        clients.secretsManager().createSecret(r -> r.name(name).secretString("one"));

        assertThrows(ResourceNotFoundException.class, () -> stage(name, "AWSPREVIOUS"));
        assertEquals("one", stage(name, "AWSCURRENT").secretString());
    }

    @Test
    void anUnknownSecret_isNotFound_asTheServiceSaysIt() {
        ResourceNotFoundException notFound = assertThrows(
                ResourceNotFoundException.class,
                () -> clients.secretsManager().getSecretValue(r -> r.secretId("no-such-" + unique())));
        assertEquals("ResourceNotFoundException", notFound.awsErrorDetails().errorCode());
        assertEquals(400, notFound.statusCode());
        assertTrue(notFound.getMessage().contains("can't find the specified secret"), notFound.getMessage());
    }

    @Test
    void creatingASecretTwice_isRefused_andTheFirstValueStays() {
        String name = unique();
        clients.secretsManager().createSecret(r -> r.name(name).secretString("one"));

        assertThrows(
                ResourceExistsException.class,
                () -> clients.secretsManager().createSecret(r -> r.name(name).secretString("two")));
        assertEquals("one", stage(name, "AWSCURRENT").secretString());
    }

    @Test
    void withADataFolder_secretsAndTheirVersionsSurviveARestart(@TempDir Path data) {
        String name = unique();
        String current;
        try (LocalSecretsManager first = LocalSecretsManager.start(data);
                AwsClients firstClients = clientsOf(first)) {
            firstClients.secretsManager().createSecret(r -> r.name(name).secretString("one"));
            current = firstClients
                    .secretsManager()
                    .putSecretValue(r -> r.secretId(name).secretString("two"))
                    .versionId();
        }
        try (LocalSecretsManager second = LocalSecretsManager.start(data);
                AwsClients secondClients = clientsOf(second)) {
            GetSecretValueResponse value = secondClients.secretsManager().getSecretValue(r -> r.secretId(name));
            assertEquals("two", value.secretString());
            assertEquals(current, value.versionId());
            assertEquals(
                    "one",
                    secondClients
                            .secretsManager()
                            .getSecretValue(r -> r.secretId(name).versionStage("AWSPREVIOUS"))
                            .secretString());
        }
    }

    @Test
    void withoutADataFolder_aNewServerStartsEmpty() {
        String name = unique();
        clients.secretsManager().createSecret(r -> r.name(name).secretString("one"));
        try (LocalSecretsManager other = LocalSecretsManager.start();
                AwsClients otherClients = clientsOf(other)) {
            assertNotEquals(server.endpoint(), other.endpoint());
            assertThrows(
                    ResourceNotFoundException.class,
                    () -> otherClients.secretsManager().getSecretValue(r -> r.secretId(name)));
        }
    }

    private static GetSecretValueResponse stage(String name, String stage) {
        return clients.secretsManager().getSecretValue(r -> r.secretId(name).versionStage(stage));
    }

    private static AwsClients clientsOf(LocalSecretsManager manager) {
        return new AwsClients(Endpoints.single(manager.endpoint()), Region.US_EAST_1, "local", "local");
    }

    private static String unique() {
        return "secret-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
