package io.tenantry.local.invoke;

import io.tenantry.local.function.FunctionConfig;
import io.tenantry.local.function.FunctionError;
import io.tenantry.local.function.Invocation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Runs one execution environment: starts the Runtime API and the function's JVM, waits for init, hands it the same
 * event {@code repeat} times, one after the other, then stops the JVM. Writes Lambda's lifecycle lines ({@code
 * START}, {@code END}, {@code REPORT}, timeouts, {@code INIT_REPORT} on failure) to {@code lifecycle} and the
 * function's own output to {@code logs}. Stops at the first failed invocation.
 */
final class FunctionRunner {
    private final Consumer<String> logs;
    private final Consumer<String> lifecycle;

    FunctionRunner(Consumer<String> logs, Consumer<String> lifecycle) {
        this.logs = logs;
        this.lifecycle = lifecycle;
    }

    RunReport run(FunctionSpec spec, byte[] event, int repeat) {
        if (repeat < 1) {
            throw new IllegalArgumentException("repeat must be at least 1");
        }
        Duration timeout = Duration.ofSeconds(spec.timeoutSeconds());
        try (RuntimeApi api = RuntimeApi.start(spec.function().arn());
                XRayAgent agent = XRayAgent.start()) {
            Map<String, String> environment = new LinkedHashMap<>(spec.environment());
            environment.put("AWS_LAMBDA_RUNTIME_API", api.address());
            environment.put("AWS_XRAY_DAEMON_ADDRESS", agent.address());
            if (spec.snapStart()) {
                environment.put("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start");
            }
            lifecycle.accept("INIT_START Runtime Version: " + ManagedRuntime.RUNTIME + " (local: JDK "
                    + spec.java().version() + ", " + (spec.snapStart() ? "snap-start" : "on-demand") + ")");
            try (FunctionProcess child = FunctionProcess.start(launch(spec, environment), logs)) {
                return runIn(spec, api, agent, child, event, repeat, timeout);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the Lambda Runtime API", e);
        }
    }

    private RunReport runIn(
            FunctionSpec spec,
            RuntimeApi api,
            XRayAgent agent,
            FunctionProcess child,
            byte[] event,
            int repeat,
            Duration timeout) {
        Duration initLimit =
                Duration.ofSeconds(ManagedRuntime.INIT_PHASE_LIMIT_SECONDS).plus(timeout);
        Object first = await(CompletableFuture.anyOf(api.ready(), api.initError(), child.exited()), initLimit);
        double initMillis = millisSince(child.startedNanos());
        if (!api.ready().isDone() && child.exited().isDone()) {
            await(api.initError(), Duration.ofMillis(500)); // an init error is posted just before the exit
        }
        if (api.initError().isDone() || !api.ready().isDone()) {
            FunctionError error;
            if (api.initError().isDone()) {
                error = api.initError().join();
                await(child.exited(), Duration.ofSeconds(2));
            } else if (first == null) {
                error = FunctionError.runtime(
                        "Runtime.InitTimeout",
                        "Init did not complete within " + initLimit.toSeconds() + " s (Lambda's "
                                + ManagedRuntime.INIT_PHASE_LIMIT_SECONDS
                                + " s init phase, then the retry within the function's Timeout)");
            } else {
                error = exited(child, null);
            }
            child.close();
            lifecycle.accept(String.format(
                    Locale.ROOT,
                    "INIT_REPORT Init Duration: %.2f ms\tPhase: init\tStatus: error\tError Type: %s",
                    initMillis,
                    error.category() == null ? error.errorType() : error.category()));
            return new RunReport(
                    spec.logicalId(),
                    spec.memoryMb(),
                    initMillis,
                    error,
                    List.of(),
                    -1,
                    child.tail(),
                    List.of(),
                    List.of());
        }
        initMillis = (api.ready().join() - child.startedNanos()) / 1_000_000.0;
        if (api.restored().isDone()) {
            lifecycle.accept(String.format(
                    Locale.ROOT,
                    "RESTORE_REPORT (local) beforeCheckpoint hooks done %.2f ms after the JVM started; restored at once,"
                            + " no snapshot taken",
                    (api.restored().join() - child.startedNanos()) / 1_000_000.0));
        }
        List<Invocation> results = new ArrayList<>();
        List<XRayAgent.ReceivedSpan> spans = new ArrayList<>();
        List<XRayAgent.ReceivedSpan> firstSpans = List.of();
        agent.take(); // spans of the priming run, if any: not an invocation's
        long peak = -1;
        for (int i = 0; i < repeat; i++) {
            Invocation result = invokeOnce(spec.function(), api, child, event, timeout);
            results.add(result);
            List<XRayAgent.ReceivedSpan> sent = agent.take();
            sent.forEach(span -> lifecycle.accept(traceLine(span)));
            spans.addAll(sent);
            if (i == 0) {
                firstSpans = sent;
            }
            OptionalLong rss = child.peakRssMegabytes();
            if (rss.isPresent()) {
                peak = rss.getAsLong();
            }
            report(spec, result, i == 0 ? initMillis : -1, peak);
            if (!result.succeeded()) {
                break;
            }
        }
        return new RunReport(
                spec.logicalId(), spec.memoryMb(), initMillis, null, results, peak, child.tail(), spans, firstSpans);
    }

    private Invocation invokeOnce(
            FunctionConfig function, RuntimeApi api, FunctionProcess child, byte[] event, Duration timeout) {
        RuntimeApi.Request invocation = api.invoke(event, timeout);
        lifecycle.accept("START RequestId: " + invocation.requestId() + " Version: $LATEST");
        Object taken = await(CompletableFuture.anyOf(invocation.dispatched(), child.exited()), Duration.ofSeconds(30));
        if (!invocation.dispatched().isDone()) {
            FunctionError error = taken == null
                    ? FunctionError.runtime("Runtime.Unavailable", "The runtime did not ask for the event within 30 s")
                    : exited(child, invocation.requestId());
            return Invocation.failed(invocation.requestId(), Invocation.Status.EXITED, error, 0);
        }
        long dispatched = invocation.dispatched().join();
        CompletableFuture<Object> ended = CompletableFuture.anyOf(invocation.result(), child.exited());
        Duration left = timeout.minusNanos(System.nanoTime() - dispatched);
        while (!ended.isDone() && !left.isNegative() && !left.isZero()) {
            await(ended, left);
            left = timeout.minusNanos(System.nanoTime() - dispatched);
        }
        if (invocation.result().isDone()) {
            return invocation.result().join();
        }
        long elapsed = System.nanoTime() - dispatched;
        if (child.exited().isDone()) {
            return Invocation.failed(
                    invocation.requestId(), Invocation.Status.EXITED, exited(child, invocation.requestId()), elapsed);
        }
        FunctionError timedOut = function.timedOut(invocation.requestId());
        lifecycle.accept(Instant.now() + " " + invocation.requestId() + " " + function.timedOutText());
        child.close();
        return Invocation.failed(invocation.requestId(), Invocation.Status.TIMEOUT, timedOut, elapsed);
    }

    private void report(FunctionSpec spec, Invocation result, double initMillis, long peakMb) {
        lifecycle.accept("END RequestId: " + result.requestId());
        StringBuilder line = new StringBuilder(String.format(
                Locale.ROOT,
                "REPORT RequestId: %s\tDuration: %.2f ms\tBilled Duration: %d ms\tMemory Size: %d MB\tMax Memory Used: %s MB",
                result.requestId(),
                result.durationMillis(),
                (long) Math.ceil(result.durationMillis()),
                spec.memoryMb(),
                peakMb < 0 ? "?" : String.valueOf(peakMb)));
        if (initMillis >= 0) {
            line.append(String.format(Locale.ROOT, "\tInit Duration: %.2f ms", initMillis));
        }
        if (!result.succeeded()) {
            line.append("\tStatus: ").append(result.status() == Invocation.Status.TIMEOUT ? "timeout" : "error");
            if (result.status() != Invocation.Status.ERROR) {
                line.append("\tError Type: ").append(result.error().errorType());
            }
        }
        lifecycle.accept(line.toString());
    }

    /** A span the invocation sent to the local X-Ray agent, as a lifecycle line. */
    private static String traceLine(XRayAgent.ReceivedSpan span) {
        StringBuilder line = new StringBuilder(
                String.format(Locale.ROOT, "TRACE (local X-Ray agent) %s %.2f ms", span.name(), span.durationMillis()));
        for (String key : List.of("tenantry.route", "tenantry.tenant_id", "tenantry.aws_resource", "error.type")) {
            String value = span.attribute(key);
            if (value != null) {
                line.append('\t')
                        .append(key.substring(key.indexOf('.') + 1))
                        .append(": ")
                        .append(value);
            }
        }
        return line.toString();
    }

    private static FunctionError exited(FunctionProcess child, String requestId) {
        child.drainLogs(500);
        String status = child.isAlive() ? "unknown" : String.valueOf(child.exitValue());
        return FunctionError.runtime(
                "Runtime.ExitError",
                (requestId == null ? "" : "RequestId: " + requestId + " ")
                        + "Error: Runtime exited with error: exit status " + status);
    }

    private static FunctionProcess.Launch launch(FunctionSpec spec, Map<String, String> environment) {
        List<String> command = new ArrayList<>();
        command.add(spec.java().java().toString());
        command.addAll(ManagedRuntime.jvmOptions(spec.memoryMb(), spec.java().featureVersion()));
        command.add("-classpath");
        command.add(String.join(
                java.io.File.pathSeparator,
                ManagedRuntime.classpath().stream().map(Path::toString).toList()));
        command.add(ManagedRuntime.MAIN_CLASS);
        command.add(spec.handler());
        return new FunctionProcess.Launch(command, spec.artifact(), environment);
    }

    private static double millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000.0;
    }

    /** Waits up to {@code limit}; the future's value, or null when it did not complete in time. */
    private static Object await(CompletableFuture<?> future, Duration limit) {
        try {
            return future.get(Math.max(0, limit.toNanos()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
