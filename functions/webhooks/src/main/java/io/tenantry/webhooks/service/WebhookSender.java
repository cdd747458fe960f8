package io.tenantry.webhooks.service;

import io.tenantry.webhooks.repository.WebhookSettings;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;

/**
 * Posts one delivery: the target is checked ({@link TargetGuard#checkDelivery}) right before the request, redirects
 * are not followed (a 3xx is a failed attempt), the whole exchange is cut at the timeout (10 seconds; connecting,
 * the answer's head and at most {@value #MAX_RESPONSE_BYTES} bytes of its body, which is then dropped).
 *
 * <p>DNS rebinding: the request is pinned to the first address the guard checked ({@link PinnedTarget}): the client
 * connects to that address and never resolves the name again, while the name travels as the {@code Host} header and,
 * for {@code https}, as the TLS server name (SNI) that the certificate is verified against. The JDK's client sends a
 * {@code Host} header of the caller's only when {@value #RESTRICTED_HEADERS} names it, a property it reads once, when
 * its first request is built: this class sets it when it loads, the local backend and the tests at JVM start, and
 * the constructor refuses to build a sender in a JVM where it came too late.
 */
@Singleton
public final class WebhookSender {
    static final int MAX_RESPONSE_BYTES = 4096;
    static final String RESTRICTED_HEADERS = "jdk.httpclient.allowRestrictedHeaders";

    static {
        allowHostHeader();
    }

    /** How an attempt ended: the status code (null when none came) and, when it failed, why. */
    public record Result(Integer statusCode, String error) {
        public boolean delivered() {
            return statusCode != null && statusCode >= 200 && statusCode < 300;
        }
    }

    private final TargetGuard guard;
    private final Duration timeout;
    private final TrustManager[] trust;

    @Inject
    public WebhookSender(TargetGuard guard, WebhookSettings settings) {
        this(guard, settings, (TrustManager[]) null);
    }

    /** With the trust managers that decide which certificates are accepted (null: the JDK's CAs; tests trust theirs). */
    WebhookSender(TargetGuard guard, WebhookSettings settings, TrustManager[] trust) {
        this.guard = guard;
        this.timeout = settings.timeout();
        this.trust = trust;
        try {
            HttpRequest.newBuilder(URI.create("http://127.0.0.1/")).header("Host", "pinned.invalid");
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                    "java.net.http was used in this JVM before " + RESTRICTED_HEADERS
                            + " named 'host'; start the JVM with -D" + RESTRICTED_HEADERS + "=host",
                    e);
        }
    }

    public Result post(String url, String body, Map<String, String> headers) {
        PinnedTarget pinned;
        try {
            pinned = PinnedTarget.of(URI.create(url), guard.checkDelivery(url).getFirst());
        } catch (TargetGuard.RefusedTargetException e) {
            return new Result(null, "refused target: " + e.getMessage());
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(pinned.target())
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Tenantry-Webhooks/1")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        pinned.hostHeader().ifPresent(host -> request.header("Host", host));
        headers.forEach(request::header);
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpClient client = clientFor(pinned);
        try {
            return exchange(client, request.build(), deadline);
        } finally {
            client.shutdownNow();
        }
    }

    private Result exchange(HttpClient client, HttpRequest request, long deadline) {
        CompletableFuture<HttpResponse<InputStream>> sent =
                client.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
        try {
            HttpResponse<InputStream> response = sent.get(remaining(deadline), TimeUnit.NANOSECONDS);
            try (InputStream in = response.body()) {
                CompletableFuture<Void> drained = CompletableFuture.runAsync(() -> readAtMost(in));
                try {
                    drained.get(remaining(deadline), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    drained.cancel(true);
                }
            }
            return new Result(response.statusCode(), null);
        } catch (TimeoutException e) {
            sent.cancel(true);
            return new Result(null, "timed out after " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            return new Result(null, "request failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(null, "interrupted");
        } catch (IOException e) {
            return new Result(null, "reading the answer failed: " + e);
        }
    }

    private static long remaining(long deadline) {
        return Math.max(1, deadline - System.nanoTime());
    }

    private static void readAtMost(InputStream in) {
        try {
            in.readNBytes(MAX_RESPONSE_BYTES);
        } catch (IOException ignored) {
            // The answer's body is not needed; its status decided.
        }
    }

    /**
     * A client for one delivery, whose TLS server name is the pinned name: the certificate is verified against it
     * (the JDK checks the SNI name when one is set), not against the address connected to. Its TLS context is its
     * own too: a session cached by a shared context is keyed by address and port, and resuming it would skip the
     * certificate check for another name at the same address.
     */
    private HttpClient clientFor(PinnedTarget pinned) {
        SSLContext tls = freshTls();
        SSLParameters parameters = tls.getDefaultSSLParameters();
        pinned.serverName().ifPresent(name -> parameters.setServerNames(List.of(new SNIHostName(name))));
        return HttpClient.newBuilder()
                // Straight to the checked address: a JVM-wide proxy would connect to hosts the TargetGuard never saw.
                .proxy(HttpClient.Builder.NO_PROXY)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(tls)
                .sslParameters(parameters)
                .build();
    }

    private SSLContext freshTls() {
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, trust, null);
            return tls;
        } catch (NoSuchAlgorithmException | KeyManagementException e) {
            throw new IllegalStateException("no TLS context", e);
        }
    }

    /** Adds {@code host} to the restricted headers the JDK's client lets a caller set, unless it is there. */
    static void allowHostHeader() {
        String allowed = System.getProperty(RESTRICTED_HEADERS, "");
        boolean listed =
                Arrays.stream(allowed.split(",")).anyMatch(name -> name.trim().equalsIgnoreCase("host"));
        if (!listed) {
            System.setProperty(RESTRICTED_HEADERS, allowed.isBlank() ? "host" : allowed + ",host");
        }
    }
}
