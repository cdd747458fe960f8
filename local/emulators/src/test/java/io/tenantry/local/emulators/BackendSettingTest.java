package io.tenantry.local.emulators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.Test;

class BackendSettingTest {

    @Test
    void absentOrEmbedded_meansEmbedded() {
        assertEquals(BackendSetting.Kind.EMBEDDED, BackendSetting.parse(null).kind());
        assertEquals(BackendSetting.Kind.EMBEDDED, BackendSetting.parse(" ").kind());
        assertEquals(
                BackendSetting.Kind.EMBEDDED, BackendSetting.parse("Embedded").kind());
    }

    @Test
    void endpoint_carriesTheUrl() {
        BackendSetting setting = BackendSetting.parse("endpoint=http://127.0.0.1:5000");
        assertEquals(BackendSetting.Kind.ENDPOINT, setting.kind());
        assertEquals(URI.create("http://127.0.0.1:5000"), setting.endpoint());
    }

    @Test
    void localstack_mayNameAnImage() {
        assertEquals(
                BackendSetting.Kind.LOCALSTACK,
                BackendSetting.parse("localstack").kind());
        assertEquals(
                "localstack/localstack:4.4",
                BackendSetting.parse("localstack=localstack/localstack:4.4").image());
    }

    @Test
    void anythingElse_isRejectedWithTheAccepted() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> BackendSetting.parse("endpoint=nohost"));
        assertTrue(e.getMessage().contains("embedded, endpoint=<http url> or localstack"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BackendSetting.parse("moto"));
    }
}
