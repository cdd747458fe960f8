package io.tenantry.local.invoke;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A function's JVM: the command the managed runtime runs, in the artifact directory, with exactly the environment
 * given (nothing inherited). Its standard output and error (the function's logs) go line by line to a sink; the
 * last lines are kept for failure reports.
 */
final class FunctionProcess implements AutoCloseable {
    private static final int TAIL_LINES = 200;

    private final Process process;
    private final CompletableFuture<Process> exited;
    private final long startedNanos;
    private final List<Thread> pumps = new ArrayList<>();
    private final Deque<String> tail = new ArrayDeque<>();

    private FunctionProcess(Process process, long startedNanos) {
        this.process = process;
        this.exited = process.onExit();
        this.startedNanos = startedNanos;
    }

    /** What to start: the command line, its working directory (the task root) and its whole environment. */
    record Launch(List<String> command, Path workingDirectory, Map<String, String> environment) {}

    static FunctionProcess start(Launch launch, Consumer<String> logs) {
        ProcessBuilder builder = new ProcessBuilder(launch.command())
                .directory(launch.workingDirectory().toFile());
        builder.environment().clear();
        builder.environment().putAll(launch.environment());
        long started = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + launch.command().getFirst(), e);
        }
        FunctionProcess child = new FunctionProcess(process, started);
        child.pump(process.getInputStream(), logs, "stdout");
        child.pump(process.getErrorStream(), logs, "stderr");
        return child;
    }

    long pid() {
        return process.pid();
    }

    /** {@link System#nanoTime} just before the process was started. */
    long startedNanos() {
        return startedNanos;
    }

    /** Completes when the process has ended (one future for the process's life: onExit() makes a new one per call). */
    CompletableFuture<Process> exited() {
        return exited;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    int exitValue() {
        return process.exitValue();
    }

    /**
     * The peak resident set size so far in MiB ({@code VmHWM} in {@code /proc/<pid>/status}), while the process is
     * alive; empty elsewhere.
     */
    OptionalLong peakRssMegabytes() {
        Path status = Path.of("/proc", String.valueOf(process.pid()), "status");
        try {
            for (String line : Files.readAllLines(status, StandardCharsets.UTF_8)) {
                if (line.startsWith("VmHWM:")) {
                    long kb = Long.parseLong(
                            line.substring("VmHWM:".length()).replace("kB", "").trim());
                    return OptionalLong.of(Math.round(kb / 1024.0));
                }
            }
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }

    /** The last lines the process wrote. */
    List<String> tail() {
        synchronized (tail) {
            return List.copyOf(tail);
        }
    }

    /** Waits for the log pumps to drain what the process wrote (after it exited). */
    void drainLogs(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (Thread pump : pumps) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return;
            }
            try {
                pump.join(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Stops the process: SIGKILL, as Lambda ends an execution environment, then waits for it. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        drainLogs(1000);
    }

    private void pump(InputStream stream, Consumer<String> logs, String name) {
        Thread thread = new Thread(
                () -> {
                    try (BufferedReader reader =
                            new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = reader.readLine()) != null) {
                            synchronized (tail) {
                                if (tail.size() == TAIL_LINES) {
                                    tail.removeFirst();
                                }
                                tail.addLast(line);
                            }
                            logs.accept(line);
                        }
                    } catch (IOException e) {
                        // the process is gone
                    }
                },
                "function-" + name);
        thread.setDaemon(true);
        thread.start();
        pumps.add(thread);
    }
}
