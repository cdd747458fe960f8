package io.tenantry.shared.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.tenantry.shared.auth.SystemAccess;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.json.JsonCodec;
import io.tenantry.shared.problem.FieldError;
import io.tenantry.shared.problem.ValidationException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Cursors carry the id of the key that signed them and verify with the current or the previous key. */
class CursorCodecTest {
    static final String COLLECTION = "projects";
    static final Map<String, String> LAST = Map.of("id", "prj_01JD3Q5R7C0000000000000042");
    static final CursorKey FIRST = key("v1", "first-key-material");
    static final CursorKey SECOND = key("v2", "second-key-material");
    static final CursorKey THIRD = key("v3", "third-key-material");

    static ApplicationContext context;
    static JsonCodec json;

    final TenantAccess tenant = SystemAccess.forWorker("ten_01JD3Q5R7C0000000000000001");
    final TenantAccess otherTenant = SystemAccess.forWorker("ten_01JD3Q5R7C0000000000000002");
    final AtomicReference<CursorKeyRing> ring = new AtomicReference<>(CursorKeyRing.of(FIRST));
    final CursorCodec codec = new CursorCodec(json, ring::get);

    @BeforeAll
    static void start() {
        context = ApplicationContext.run();
        json = context.getBean(JsonCodec.class);
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    static CursorKey key(String versionId, String secret) {
        return CursorKey.ofVersion(versionId, secret.getBytes(StandardCharsets.UTF_8));
    }

    /** A rotation as Secrets Manager makes it: the current key becomes the previous one. */
    void rotateTo(CursorKey next) {
        ring.set(CursorKeyRing.of(next, ring.get().current()));
    }

    @Test
    void aCursor_carriesTheCurrentKeysId_andDecodesToItsPosition() {
        String cursor = codec.encode(tenant, COLLECTION, LAST);

        String[] parts = cursor.split("\\.");
        assertEquals(3, parts.length, cursor);
        assertEquals(FIRST.id(), parts[1]);
        assertEquals(8, FIRST.id().length(), "a key id is a short hash of the version id");
        assertEquals(LAST, codec.decode(tenant, COLLECTION, cursor));
    }

    @Test
    void afterARotation_newCursorsAreSignedWithTheNewKey() {
        rotateTo(SECOND);

        String cursor = codec.encode(tenant, COLLECTION, LAST);

        assertEquals(SECOND.id(), cursor.split("\\.")[1]);
        assertEquals(LAST, codec.decode(tenant, COLLECTION, cursor));
    }

    @Test
    void aCursorSignedWithThePreviousKey_stillVerifies_afterARotation() {
        String beforeRotation = codec.encode(tenant, COLLECTION, LAST);

        rotateTo(SECOND);

        assertEquals(LAST, codec.decode(tenant, COLLECTION, beforeRotation));
    }

    @Test
    void aCursorSignedWithAKeyOlderThanThePrevious_answers400_likeAnEditedCursor() {
        String twoRotationsAgo = codec.encode(tenant, COLLECTION, LAST);
        rotateTo(SECOND);
        String oneRotationAgo = codec.encode(tenant, COLLECTION, LAST);

        rotateTo(THIRD);

        assertInvalid(twoRotationsAgo);
        assertEquals(LAST, codec.decode(tenant, COLLECTION, oneRotationAgo), "the acceptance twin");
    }

    @Test
    void anUnknownKeyId_answers400() {
        String[] parts = codec.encode(tenant, COLLECTION, LAST).split("\\.");

        assertInvalid(parts[0] + ".nosuchid." + parts[2]);
    }

    @Test
    void aCursorMovedToTheOtherKeysId_answers400() {
        rotateTo(SECOND);
        String[] parts = codec.encode(tenant, COLLECTION, LAST).split("\\.");

        assertInvalid(parts[0] + "." + FIRST.id() + "." + parts[2]);
    }

    @Test
    void anEditedPayloadOrMac_answers400() {
        String cursor = codec.encode(tenant, COLLECTION, LAST);
        String[] parts = cursor.split("\\.");
        String otherPosition = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(json.write(new CursorCodec.Position(
                        2, tenant.tenantId(), COLLECTION, Map.of("id", "prj_01JD3Q5R7C0000000000000099"))));

        assertInvalid(otherPosition + "." + parts[1] + "." + parts[2]);
        assertInvalid(parts[0] + "." + parts[1] + "." + flipFirst(parts[2]));
        assertInvalid(parts[0] + "." + parts[1]);
        assertInvalid(cursor + ".extra");
        assertInvalid("not base64!." + parts[1] + "." + parts[2]);
    }

    @Test
    void anotherTenantsOrCollectionsCursor_answers400() {
        String cursor = codec.encode(tenant, COLLECTION, LAST);

        assertInvalid(otherTenant, COLLECTION, cursor);
        assertInvalid(tenant, "media", cursor);
        assertEquals(LAST, codec.decode(tenant, COLLECTION, cursor));
    }

    @Test
    void aFormat1Cursor_isReadWhileItsKeyIsCurrentOrPrevious_andNotAfter() {
        String format1 = format1(FIRST, tenant, COLLECTION, LAST);

        assertEquals(LAST, codec.decode(tenant, COLLECTION, format1));
        rotateTo(SECOND);
        assertEquals(LAST, codec.decode(tenant, COLLECTION, format1));
        rotateTo(THIRD);
        assertInvalid(format1);
    }

    @Test
    void aFormat1Cursor_withAnotherKeyOrTenant_orAFormat2PayloadWithoutItsId_answers400() {
        assertInvalid(format1(THIRD, tenant, COLLECTION, LAST));
        assertInvalid(otherTenant, COLLECTION, format1(FIRST, tenant, COLLECTION, LAST));
        // A format-2 payload signed the format-1 way cannot pass as format 1.
        byte[] payload = json.write(new CursorCodec.Position(2, tenant.tenantId(), COLLECTION, LAST));
        assertInvalid(base64(payload) + "." + base64(FIRST.mac(payload)));
    }

    /** How cursors were made before they carried a key id: {@code <payload>.<mac of the payload>}. */
    String format1(CursorKey key, TenantAccess access, String collection, Map<String, String> last) {
        byte[] payload = json.write(new CursorCodec.Position(1, access.tenantId(), collection, last));
        return base64(payload) + "." + base64(key.mac(payload));
    }

    static String base64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String flipFirst(String text) {
        char[] chars = text.toCharArray();
        chars[0] = chars[0] == 'A' ? 'B' : 'A';
        return new String(chars);
    }

    void assertInvalid(String cursor) {
        assertInvalid(tenant, COLLECTION, cursor);
    }

    void assertInvalid(TenantAccess access, String collection, String cursor) {
        ValidationException e =
                assertThrows(ValidationException.class, () -> codec.decode(access, collection, cursor), cursor);
        assertEquals(400, e.status());
        assertEquals(List.of(new FieldError("cursor", "is not a valid cursor for this collection")), e.errors());
        assertTrue(e.slug().equals("validation-failed"));
    }
}
