package io.tenantry.local.backend.costmodel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A webhook endpoint on 127.0.0.1 that answers 204 and notes when each {@code POST} arrived. */
final class WebhookReceiver implements AutoCloseable {
    private final HttpServer server;
    private final List<Long> arrivals = new ArrayList<>();

    private WebhookReceiver(HttpServer server) {
        this.server = server;
    }

    static WebhookReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            WebhookReceiver receiver = new WebhookReceiver(server);
            server.createContext("/hooks", exchange -> {
                long now = System.nanoTime();
                try (exchange) {
                    exchange.getRequestBody().readAllBytes();
                    exchange.sendResponseHeaders(204, -1);
                }
                synchronized (receiver.arrivals) {
                    receiver.arrivals.add(now);
                    receiver.arrivals.notifyAll();
                }
            });
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    int count() {
        synchronized (arrivals) {
            return arrivals.size();
        }
    }

    /** Waits for the {@code POST} after the first {@code seen}; returns when it arrived ({@link System#nanoTime}). */
    long awaitAfter(int seen) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        synchronized (arrivals) {
            while (arrivals.size() <= seen) {
                long left = deadline - System.nanoTime();
                assertTrue(left > 0, "no webhook delivery arrived within 60 s");
                try {
                    arrivals.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            return arrivals.get(seen);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
