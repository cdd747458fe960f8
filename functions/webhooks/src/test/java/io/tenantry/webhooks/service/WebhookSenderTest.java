package io.tenantry.webhooks.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.tenantry.webhooks.repository.WebhookSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A delivery goes to the address the guard checked, never to a second resolution of the name (DNS rebinding), with
 * the name as the {@code Host} header and, over TLS, as the name the certificate is verified against. The names
 * resolve only through the guard's resolver, which answers {@code 127.0.0.1} for the check and a private address to
 * anyone who asks again: a client that resolved the name itself could not connect at all.
 */
class WebhookSenderTest {
    static final List<Seen> SEEN = new CopyOnWriteArrayList<>();
    static HttpServer plain;
    static HttpsServer tls;
    static TrustManager[] trusting;

    record Seen(String host, String path, String query) {}

    final AtomicInteger lookups = new AtomicInteger();

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        plain = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        plain.createContext("/", WebhookSenderTest::answer);
        plain.start();

        KeyStore keys = selfSigned(dir, "hooks.test");
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, "changeit".toCharArray());
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(keyManagers.getKeyManagers(), null, null);
        tls = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        tls.setHttpsConfigurator(new HttpsConfigurator(serverTls));
        tls.createContext("/", WebhookSenderTest::answer);
        tls.start();

        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(keys);
        trusting = trust.getTrustManagers();
    }

    @AfterAll
    static void stop() {
        plain.stop(0);
        tls.stop(0);
    }

    @BeforeEach
    void forget() {
        SEEN.clear();
    }

    @Test
    void aName_isDeliveredToTheAddressChecked_withTheNameAsHost_andNotResolvedAgain() {
        WebhookSender sender = sender(null);
        String url = "http://hooks.test:" + plain.getAddress().getPort() + "/in?x=1";

        WebhookSender.Result result = sender.post(url, "{}", Map.of());

        assertEquals(204, result.statusCode(), String.valueOf(result.error()));
        assertEquals(List.of(new Seen("hooks.test:" + plain.getAddress().getPort(), "/in", "x=1")), SEEN);
        assertEquals(1, lookups.get(), "the name is resolved once, by the guard");
    }

    @Test
    void aNameThatResolvesToAPrivateAddress_isRefused_andNothingIsSent() {
        WebhookSender sender = new WebhookSender(
                new TargetGuard(true, host -> new InetAddress[] {InetAddress.getByName("10.0.0.7")}), settings(), null);

        WebhookSender.Result result =
                sender.post("http://hooks.test:" + plain.getAddress().getPort() + "/in", "{}", Map.of());

        assertNull(result.statusCode());
        assertTrue(result.error().startsWith("refused target"), result.error());
        assertEquals(List.of(), SEEN);
    }

    @Test
    void overTls_theCertificateIsVerifiedAgainstTheName_notTheAddress() {
        WebhookSender sender = sender(trusting);
        int port = tls.getAddress().getPort();

        WebhookSender.Result first = sender.post("https://other.test:" + port + "/tls", "{}", Map.of());
        assertFalse(first.delivered(), "a certificate for hooks.test does not serve other.test");
        assertNull(first.statusCode());
        assertEquals(List.of(), SEEN);

        WebhookSender.Result named = sender.post("https://hooks.test:" + port + "/tls", "{}", Map.of());
        assertEquals(204, named.statusCode(), String.valueOf(named.error()));
        assertEquals(List.of(new Seen("hooks.test:" + port, "/tls", null)), SEEN);

        // The same address and port right after: a session kept from the first delivery must not vouch for it.
        WebhookSender.Result again = sender.post("https://other.test:" + port + "/tls", "{}", Map.of());
        assertFalse(again.delivered(), "a session of hooks.test does not serve other.test");
        assertNull(again.statusCode());
        assertEquals(1, SEEN.size());
    }

    @Test
    void pinning_keepsTheUrlOfAnAddress_andPutsAnIpv6AddressInBrackets() throws Exception {
        PinnedTarget literal =
                PinnedTarget.of(URI.create("https://93.184.216.34/a"), InetAddress.getByName("93.184.216.34"));
        assertEquals(URI.create("https://93.184.216.34/a"), literal.target());
        assertTrue(literal.hostHeader().isEmpty());
        assertTrue(literal.serverName().isEmpty());

        PinnedTarget six = PinnedTarget.of(
                URI.create("https://hooks.example/b%20c?d=e"), InetAddress.getByName("2606:2800:220:1::1946"));
        assertEquals(URI.create("https://[2606:2800:220:1:0:0:0:1946]/b%20c?d=e"), six.target());
        assertEquals("hooks.example", six.hostHeader().orElseThrow());
        assertEquals("hooks.example", six.serverName().orElseThrow());

        PinnedTarget bare =
                PinnedTarget.of(URI.create("https://hooks.example"), InetAddress.getByName("93.184.216.34"));
        assertEquals(URI.create("https://93.184.216.34/"), bare.target());
    }

    /**
     * A sender whose guard answers 127.0.0.1 for a name's first lookup and a private address for any later one
     * ({@code other.test}: always 127.0.0.1, the TLS server's address under a name its certificate does not have).
     */
    private WebhookSender sender(TrustManager[] trust) {
        Map<String, AtomicInteger> lookups = new ConcurrentHashMap<>();
        TargetGuard guard = new TargetGuard(true, host -> {
            if (!host.endsWith(".test")) {
                throw new UnknownHostException(host);
            }
            this.lookups.incrementAndGet();
            int earlier =
                    lookups.computeIfAbsent(host, h -> new AtomicInteger()).getAndIncrement();
            return new InetAddress[] {
                InetAddress.getByName(earlier == 0 || host.equals("other.test") ? "127.0.0.1" : "10.0.0.7")
            };
        });
        return new WebhookSender(guard, settings(), trust);
    }

    private static WebhookSettings settings() {
        return new WebhookSettings("", "", "", true, 1, Duration.ofSeconds(5));
    }

    private static void answer(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            in.readAllBytes();
        }
        SEEN.add(new Seen(
                exchange.getRequestHeaders().getFirst("Host"),
                exchange.getRequestURI().getPath(),
                exchange.getRequestURI().getQuery()));
        exchange.sendResponseHeaders(204, -1);
        exchange.close();
    }

    /** A key store holding a self-signed certificate for {@code name} only, made with the JDK's keytool. */
    private static KeyStore selfSigned(Path dir, String name) throws Exception {
        Path store = dir.resolve("keys.p12");
        Process keytool = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-alias",
                        "hook",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        "CN=" + name,
                        "-ext",
                        "SAN=dns:" + name,
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        store.toString(),
                        "-storepass",
                        "changeit",
                        "-keypass",
                        "changeit")
                .redirectErrorStream(true)
                .start();
        String output = new String(keytool.getInputStream().readAllBytes());
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, output);
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, "changeit".toCharArray());
        }
        return keys;
    }
}
