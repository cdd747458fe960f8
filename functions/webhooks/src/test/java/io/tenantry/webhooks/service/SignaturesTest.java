package io.tenantry.webhooks.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Standard Webhooks signatures. The expected values were computed independently of this code, with Python's {@code
 * hmac}: {@code base64(hmac.new(base64decode(key), f"{id}.{ts}.{body}".encode(), sha256).digest())}. The first is
 * also the example the Standard Webhooks reference libraries test against (secret {@code
 * whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw}, id {@code msg_p5jXN8AQM9LWM0D4loKWxJek}, timestamp 1614265330).
 */
class SignaturesTest {
    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String OTHER = "whsec_c2Vjb25kLXNlY3JldC1mb3Itcm90YXRpb24tdGVzdHM=";
    static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    static final long TS = 1614265330L;
    static final String BODY = "{\"test\": 2432232314}";

    @Test
    void sign_matchesTheIndependentlyComputedVector() {
        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", Signatures.sign(ID, TS, BODY, SECRET));
    }

    @Test
    void header_duringARotation_carriesBothSignatures_spaceSeparated() {
        assertEquals(
                "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE= v1,CdhywrEFSVz1g/t8eymAqURvuhQarkOs584CNY0OjOs=",
                Signatures.header(ID, TS, BODY, List.of(SECRET, OTHER)));
        assertEquals(
                "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", Signatures.header(ID, TS, BODY, List.of(SECRET)));
    }

    @Test
    void sign_changes_withTheBody_theId_theTimestamp() {
        String signed = Signatures.sign(ID, TS, BODY, SECRET);
        assertNotEquals(signed, Signatures.sign(ID, TS, BODY + " ", SECRET));
        assertNotEquals(signed, Signatures.sign(ID + "x", TS, BODY, SECRET));
        assertNotEquals(signed, Signatures.sign(ID, TS + 1, BODY, SECRET));
    }

    @Test
    void newSecret_isWhsec_andBase64OfAtLeast24Bytes_andNeverTheSame() {
        SecureRandom random = new SecureRandom();
        String one = Signatures.newSecret(random);
        String two = Signatures.newSecret(random);
        assertTrue(one.startsWith("whsec_"), one);
        assertTrue(Base64.getDecoder().decode(one.substring(6)).length >= 24, one);
        assertNotEquals(one, two);
    }
}
