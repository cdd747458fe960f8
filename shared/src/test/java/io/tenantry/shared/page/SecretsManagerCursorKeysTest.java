package io.tenantry.shared.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.tenantry.local.emulators.AwsClients;
import io.tenantry.local.emulators.Endpoints;
import io.tenantry.local.emulators.LocalSecretsManager;
import io.tenantry.shared.auth.SystemAccess;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.json.JsonCodec;
import io.tenantry.shared.problem.ProblemException;
import io.tenantry.shared.testing.MovableClock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** The cursor keys as a function reads them: the real SDK against the local Secrets Manager. */
class SecretsManagerCursorKeysTest {
    static final Duration TTL = Duration.ofMinutes(5);
    static final Duration GRACE = Duration.ofHours(1);

    static LocalSecretsManager server;
    static AwsClients clients;
    static ApplicationContext context;

    final MovableClock clock = new MovableClock("2026-03-01T12:00:00Z");
    final AtomicInteger clientUses = new AtomicInteger();

    @BeforeAll
    static void start() {
        server = LocalSecretsManager.start();
        clients = clientsOf(server);
        context = ApplicationContext.run();
    }

    @AfterAll
    static void stop() {
        clients.close();
        server.close();
        context.close();
    }

    SecretsManagerCursorKeys keysOf(String secretId) {
        return keysOf(secretId, clients.secretsManager());
    }

    SecretsManagerCursorKeys keysOf(String secretId, SecretsManagerClient client) {
        return new SecretsManagerCursorKeys(
                () -> {
                    clientUses.incrementAndGet();
                    return client;
                },
                clock,
                secretId,
                TTL,
                GRACE);
    }

    static String newSecret(String value) {
        String name = "cursor-" + UUID.randomUUID().toString().substring(0, 8);
        clients.secretsManager().createSecret(r -> r.name(name).secretString(value));
        return name;
    }

    static String rotate(String secretId, String value) {
        return clients.secretsManager()
                .putSecretValue(r -> r.secretId(secretId).secretString(value))
                .versionId();
    }

    static String currentVersion(String secretId) {
        return clients.secretsManager()
                .getSecretValue(r -> r.secretId(secretId))
                .versionId();
    }

    static String idOf(String versionId) {
        return CursorKey.ofVersion(versionId, new byte[] {1}).id();
    }

    @Test
    void nothingIsRead_untilTheKeysAreFirstUsed() {
        SecretsManagerCursorKeys keys = keysOf(newSecret("first"));

        assertEquals(0, clientUses.get(), "no key may be read at init, so none lands in a SnapStart snapshot");
        keys.keys();
        assertTrue(clientUses.get() > 0);
    }

    @Test
    void theCurrentVersionSigns_andThereIsNoPreviousOne_beforeTheFirstRotation() {
        String secret = newSecret("first");

        CursorKeyRing ring = keysOf(secret).keys();

        assertEquals(idOf(currentVersion(secret)), ring.current().id());
        assertEquals(Optional.empty(), ring.previous());
    }

    @Test
    void aRotation_isSeenOnceTheTtlHasPassed_withThePreviousKeyKept() {
        String secret = newSecret("first");
        String first = currentVersion(secret);
        SecretsManagerCursorKeys keys = keysOf(secret);
        CursorKeyRing before = keys.keys();

        String second = rotate(secret, "second");
        clock.advance(TTL.minusSeconds(1));
        assertSame(before, keys.keys(), "within the TTL the cached keys are used");
        clock.advance(Duration.ofSeconds(1));
        CursorKeyRing after = keys.keys();

        assertEquals(idOf(second), after.current().id());
        assertEquals(idOf(first), after.previous().orElseThrow().id());
    }

    @Test
    void afterRestore_forgetsTheKeys_soARotationMadeSinceTheSnapshotIsSeenAtOnce() {
        String secret = newSecret("first");
        SecretsManagerCursorKeys keys = keysOf(secret);
        keys.keys();
        String second = rotate(secret, "second");

        keys.afterRestore(null);

        assertEquals(idOf(second), keys.keys().current().id());
    }

    @Test
    void beforeCheckpoint_forgetsTheKeys() {
        String secret = newSecret("first");
        SecretsManagerCursorKeys keys = keysOf(secret);
        keys.keys();
        int reads = clientUses.get();

        keys.beforeCheckpoint(null);
        keys.keys();

        assertTrue(clientUses.get() > reads, "the keys are read again after a checkpoint");
    }

    @Test
    void secretsManagerDown_withNoKeyRead_answers503WithRetryAfter() {
        String secret = newSecret("first");
        try (LocalSecretsManager stopped = LocalSecretsManager.start();
                AwsClients down = clientsOf(stopped)) {
            stopped.close();
            SecretsManagerCursorKeys keys = keysOf(secret, down.secretsManager());

            ProblemException e = assertThrows(ProblemException.class, keys::keys);

            assertEquals(503, e.status());
            assertEquals("service-unavailable", e.slug());
            assertEquals(Map.of("Retry-After", "5"), e.headers());
        }
    }

    @Test
    void aMissingSecret_answers503_not500() {
        ProblemException e = assertThrows(
                ProblemException.class, () -> keysOf("no-such-secret").keys());

        assertEquals(503, e.status());
    }

    @Test
    void secretsManagerDown_withKeysRead_keepsUsingThemForTheGrace_then503() {
        try (LocalSecretsManager own = LocalSecretsManager.start();
                AwsClients ownClients = clientsOf(own)) {
            String secret = "cursor-" + UUID.randomUUID().toString().substring(0, 8);
            ownClients.secretsManager().createSecret(r -> r.name(secret).secretString("first"));
            SecretsManagerCursorKeys keys = keysOf(secret, ownClients.secretsManager());
            CursorKeyRing read = keys.keys();

            own.close();
            clock.advance(TTL.plusMinutes(1));
            assertSame(read, keys.keys(), "past the TTL, within the grace");
            clock.advance(GRACE.minusMinutes(2));
            assertSame(read, keys.keys(), "still within the grace");
            clock.advance(Duration.ofMinutes(2));

            ProblemException e = assertThrows(ProblemException.class, keys::keys);
            assertEquals(503, e.status());
        }
    }

    @Test
    void aCursorSignedBeforeARotation_stillDecodes_afterTheKeysAreReadAgain() {
        String secret = newSecret("first");
        SecretsManagerCursorKeys keys = keysOf(secret);
        CursorCodec codec = new CursorCodec(context.getBean(JsonCodec.class), keys);
        TenantAccess tenant = SystemAccess.forWorker("ten_01JD3Q5R7C0000000000000001");
        String cursor = codec.encode(tenant, "projects", Map.of("id", "prj_1"));

        rotate(secret, "second");
        clock.advance(TTL);

        assertEquals(Map.of("id", "prj_1"), codec.decode(tenant, "projects", cursor));
        assertNotEquals(
                cursor,
                codec.encode(tenant, "projects", Map.of("id", "prj_1")),
                "new cursors are signed with the new key");
    }

    static AwsClients clientsOf(LocalSecretsManager manager) {
        return new AwsClients(Endpoints.single(manager.endpoint()), Region.US_EAST_1, "local", "local");
    }
}
