package io.tenantry.webhooks.service;

import io.tenantry.webhooks.repository.WebhookSettings;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Posts one delivery: the target is checked ({@link TargetGuard#checkDelivery}) right before the request, redirects
 * are not followed (a 3xx is a failed attempt), the whole exchange is cut at the timeout (10 seconds; connecting,
 * the answer's head and at most {@value #MAX_RESPONSE_BYTES} bytes of its body, which is then dropped).
 *
 * <p>DNS rebinding: the guard resolves the name and checks every address; the client then resolves it again to
 * connect. In between, the JVM's positive DNS cache ({@code networkaddress.cache.ttl}, 30 s when no security manager
 * is installed) answers the client with the addresses just checked, so a name cannot switch to a private address
 * between the check and the connection unless its cache entry expires in those milliseconds. This is a narrowing,
 * not a pin: connecting by IP with the name as Host and SNI (and verifying the certificate for the name) would close
 * it, and is left (docs/webhooks.md).
 */
@Singleton
public class WebhookSender {
    static final int MAX_RESPONSE_BYTES = 4096;

    /** How an attempt ended: the status code (null when none came) and, when it failed, why. */
    public record Result(Integer statusCode, String error) {
        public boolean delivered() {
            return statusCode != null && statusCode >= 200 && statusCode < 300;
        }
    }

    private final TargetGuard guard;
    private final Duration timeout;
    private volatile HttpClient client;

    public WebhookSender(TargetGuard guard, WebhookSettings settings) {
        this.guard = guard;
        this.timeout = settings.timeout();
    }

    public Result post(String url, String body, Map<String, String> headers) {
        try {
            guard.checkDelivery(url);
        } catch (TargetGuard.RefusedTargetException e) {
            return new Result(null, "refused target: " + e.getMessage());
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Tenantry-Webhooks/1")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        long deadline = System.nanoTime() + timeout.toNanos();
        CompletableFuture<HttpResponse<InputStream>> sent =
                client().sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream());
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

    private HttpClient client() {
        HttpClient c = client;
        if (c == null) {
            synchronized (this) {
                if (client == null) {
                    client = HttpClient.newBuilder()
                            // Straight to the checked address: a JVM-wide proxy would connect to hosts the
                            // TargetGuard never saw.
                            .proxy(HttpClient.Builder.NO_PROXY)
                            .connectTimeout(timeout)
                            .followRedirects(HttpClient.Redirect.NEVER)
                            .version(HttpClient.Version.HTTP_1_1)
                            .build();
                }
                c = client;
            }
        }
        return c;
    }
}
