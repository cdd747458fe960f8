package io.tenantry.local.backend.async;

import java.time.Duration;

/**
 * The virtual thread an event source mapping's poller runs its loop on ({@link SqsPoller}, {@link StreamPoller}):
 * started once, told to stop (the loop reads {@link #running} and is interrupted out of its waits), and joined on
 * close for at most the longest wait the loop makes.
 */
final class PollerThread implements AutoCloseable {
    private final Duration joinTimeout;
    private volatile boolean running = true;
    private Thread thread;

    PollerThread(Duration joinTimeout) {
        this.joinTimeout = joinTimeout;
    }

    void start(String name, Runnable loop) {
        thread = Thread.ofVirtual().name(name).start(loop);
    }

    /** False once {@link #stop} was called: the loop ends its current step and returns. */
    boolean running() {
        return running;
    }

    void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }

    @Override
    public void close() {
        stop();
        if (thread != null) {
            try {
                thread.join(joinTimeout);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits, returning early (with the interrupt flag kept) when the poller is stopped. */
    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
