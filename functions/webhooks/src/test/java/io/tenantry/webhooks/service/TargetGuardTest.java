package io.tenantry.webhooks.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SSRF guard. Names resolve through a fixed table (no DNS): {@code public.example} is a public address, {@code
 * rebind.example} resolves to a public and a private address, {@code inner.example} to the metadata address, {@code
 * later.example} does not resolve. Each refusal is paired with an accepted twin.
 */
class TargetGuardTest {
    static final Map<String, String[]> DNS = Map.of(
            "public.example", new String[] {"93.184.216.34"},
            "public6.example", new String[] {"2606:2800:220:1:248:1893:25c8:1946"},
            "rebind.example", new String[] {"93.184.216.34", "10.0.0.7"},
            "inner.example", new String[] {"169.254.169.254"},
            "localhost", new String[] {"127.0.0.1", "::1"});

    static InetAddress[] resolve(String host) throws UnknownHostException {
        String[] found = DNS.get(host);
        if (found == null) {
            if (host.matches("[0-9a-fA-F:.]+")) {
                return new InetAddress[] {InetAddress.getByName(host)};
            }
            throw new UnknownHostException(host);
        }
        InetAddress[] addresses = new InetAddress[found.length];
        for (int i = 0; i < found.length; i++) {
            addresses[i] = InetAddress.getByName(found[i]);
        }
        return addresses;
    }

    static final TargetGuard CLOUD = new TargetGuard(false, TargetGuardTest::resolve);
    static final TargetGuard LOCAL = new TargetGuard(true, TargetGuardTest::resolve);

    @Test
    void aPublicHttpsUrl_isAccepted() {
        assertEquals(Optional.empty(), CLOUD.checkRegistration("https://public.example/hooks?x=1"));
        assertEquals(Optional.empty(), CLOUD.checkRegistration("https://public6.example:8443/hooks"));
        assertEquals(Optional.empty(), CLOUD.checkRegistration("https://93.184.216.34/hooks"));
        assertEquals(Optional.empty(), CLOUD.checkRegistration("https://[2606:2800:220:1:248:1893:25c8:1946]/h"));
    }

    @Test
    void plainHttp_isRefusedInTheCloud_itsHttpsTwinAccepted() {
        assertTrue(CLOUD.checkRegistration("http://public.example/hooks").isPresent());
        assertEquals(Optional.empty(), CLOUD.checkRegistration("https://public.example/hooks"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://127.0.0.1/",
                "https://127.1.2.3/",
                "https://localhost/",
                "https://[::1]/",
                "https://10.1.2.3/",
                "https://172.16.0.1/",
                "https://172.31.255.255/",
                "https://192.168.1.1/",
                "https://169.254.169.254/latest/meta-data/",
                "https://169.254.1.1/",
                "https://100.64.0.1/",
                "https://100.127.255.255/",
                "https://0.0.0.0/",
                "https://0.1.2.3/",
                "https://224.0.0.1/",
                "https://239.255.255.250/",
                "https://255.255.255.255/",
                "https://240.0.0.1/",
                "https://[::]/",
                "https://[fc00::1]/",
                "https://[fd12:3456::1]/",
                "https://[fe80::1]/",
                "https://[febf::1]/",
                "https://[ff02::1]/",
                "https://[::ffff:10.0.0.1]/",
                "https://[::ffff:169.254.169.254]/",
                "https://[::ffff:127.0.0.1]/",
                "https://[64:ff9b::a00:1]/",
                "https://[2002:a00:1::]/",
                "https://inner.example/",
                "https://rebind.example/"
            })
    void nonPublicTargets_areRefused(String url) {
        assertTrue(CLOUD.checkRegistration(url).isPresent(), url);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://172.15.255.255/",
                "https://172.32.0.1/",
                "https://100.63.255.255/",
                "https://100.128.0.1/",
                "https://169.253.1.1/",
                "https://11.0.0.1/",
                "https://[2001:4860:4860::8888]/",
                "https://[::ffff:93.184.216.34]/"
            })
    void theNeighboursOfThoseRanges_areAccepted(String url) {
        assertEquals(Optional.empty(), CLOUD.checkRegistration(url), url);
    }

    @Test
    void userInfo_isRefused_theSameUrlWithoutItAccepted() {
        assertEquals(
                Optional.of("must not contain user info"), CLOUD.checkRegistration("https://user:pw@public.example/"));
        assertTrue(CLOUD.checkRegistration("https://public.example@10.0.0.1/").isPresent());
        assertEquals(Optional.empty(), CLOUD.checkRegistration("https://public.example/"));
    }

    @Test
    void aUrlOver2048Characters_isRefused_oneOfExactly2048Accepted() {
        String base = "https://public.example/";
        assertTrue(CLOUD.checkRegistration(base + "a".repeat(5 * 1024)).isPresent());
        assertEquals(Optional.empty(), CLOUD.checkRegistration(base + "a".repeat(2048 - base.length())));
        assertTrue(
                CLOUD.checkRegistration(base + "a".repeat(2049 - base.length())).isPresent());
    }

    @Test
    void malformedOrRelativeUrls_areRefused() {
        for (String url : new String[] {
            "",
            "public.example/x",
            "/hooks",
            "https://",
            "https:///x",
            "ftp://public.example/",
            "javascript:alert(1)",
            "https://exa mple.com/"
        }) {
            assertTrue(CLOUD.checkRegistration(url).isPresent(), url);
        }
    }

    @Test
    void aNameThatDoesNotResolve_isAcceptedAtRegistration_andRefusedAtDelivery() {
        assertEquals(Optional.empty(), CLOUD.checkRegistration("https://later.example/hooks"));
        assertThrows(TargetGuard.RefusedTargetException.class, () -> CLOUD.checkDelivery("https://later.example/h"));
    }

    @Test
    void atDelivery_everyResolvedAddressIsChecked() throws Exception {
        assertThrows(TargetGuard.RefusedTargetException.class, () -> CLOUD.checkDelivery("https://rebind.example/"));
        assertEquals(1, CLOUD.checkDelivery("https://public.example/").size());
    }

    @Test
    void locally_loopbackIsAccepted_httpOrHttps_butPrivateAndLinkLocalStayRefused() {
        assertEquals(Optional.empty(), LOCAL.checkRegistration("http://127.0.0.1:8080/hooks"));
        assertEquals(Optional.empty(), LOCAL.checkRegistration("https://localhost:8443/hooks"));
        assertEquals(Optional.empty(), LOCAL.checkRegistration("http://[::1]:8080/hooks"));
        assertTrue(LOCAL.checkRegistration("http://10.0.0.1/").isPresent());
        assertTrue(LOCAL.checkRegistration("https://192.168.0.10/").isPresent());
        assertTrue(LOCAL.checkRegistration("http://169.254.169.254/").isPresent());
        assertTrue(LOCAL.checkRegistration("https://0.0.0.0/").isPresent());
        assertTrue(LOCAL.checkRegistration("http://public.example/").isPresent(), "plain http only to loopback");
        assertEquals(Optional.empty(), LOCAL.checkRegistration("https://public.example/"));
        assertTrue(CLOUD.checkRegistration("http://127.0.0.1:8080/hooks").isPresent(), "the cloud's twin refuses it");
    }
}
