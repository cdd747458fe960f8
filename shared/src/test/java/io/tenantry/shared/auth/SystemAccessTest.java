package io.tenantry.shared.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tenantry.shared.data.Keys;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SystemAccessTest {

    @ParameterizedTest
    @ValueSource(strings = {"ten_01JD3Q5R7C0000000000000001", "ten_0123456789ABCDEFGHJKMNPQRS"})
    void aWorker_getsAdminAccess_toTheTenantItNames(String tenantId) {
        TenantAccess access = SystemAccess.forWorker(tenantId);
        assertEquals(tenantId, access.tenantId());
        assertEquals(Role.ADMIN, access.role());
        assertEquals(SystemAccess.WORKER_SUBJECT, access.caller().subject());
        assertEquals("TENANT#" + tenantId, Keys.partitionOf(access));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {
                "ten_",
                "ten_01JD3Q5R7C000000000000000",
                "ten_01jd3q5r7c0000000000000001",
                "TENANT#x",
                "ten_01JD3Q5R7C0000000000000001#RATE",
                "ten_01JD3Q5R7C0000000000000001/../x",
                "usr_01JD3Q5R7C0000000000000001"
            })
    void anythingButATenantId_isRefused(String tenantId) {
        assertThrows(IllegalArgumentException.class, () -> SystemAccess.forWorker(tenantId));
    }
}
