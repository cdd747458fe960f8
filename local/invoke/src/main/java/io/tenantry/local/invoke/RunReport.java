package io.tenantry.local.invoke;

import io.tenantry.local.function.FunctionError;
import io.tenantry.local.function.Invocation;
import java.util.List;

/**
 * One execution environment's life: init, then the invocations it served, and the process's peak RSS.
 *
 * @param initMillis from starting the JVM until the runtime first asked for an event (Lambda's Init Duration)
 * @param initError the init failure, or null
 * @param peakRssMegabytes VmHWM of the function's JVM at the end, or -1 where it cannot be read
 * @param spans the spans its invocations sent to the local X-Ray agent ({@link XRayAgent})
 * @param firstSpans those of them the first invocation sent (Lambda samples an instance's first invocation: the
 *     first of its second)
 */
public record RunReport(
        String logicalId,
        int memoryMb,
        double initMillis,
        FunctionError initError,
        List<Invocation> invocations,
        long peakRssMegabytes,
        List<String> logTail,
        List<XRayAgent.ReceivedSpan> spans,
        List<XRayAgent.ReceivedSpan> firstSpans) {

    public RunReport {
        invocations = List.copyOf(invocations);
        logTail = List.copyOf(logTail);
        spans = List.copyOf(spans);
        firstSpans = List.copyOf(firstSpans);
    }

    /**
     * The AWS calls the first invocation made, as its spans show them (each with its retries): how many, how long in
     * all, and how long its STS calls took (a tenant's credentials, vended once per tenant per instance).
     */
    public FirstCalls firstCalls() {
        double all = 0;
        double sts = 0;
        for (XRayAgent.ReceivedSpan span : firstSpans) {
            all += span.durationMillis();
            if (span.name().startsWith("Sts.")) {
                sts += span.durationMillis();
            }
        }
        return new FirstCalls(firstSpans.size(), all, sts);
    }

    /** The first invocation's AWS calls: their number, and milliseconds in all and in STS. */
    public record FirstCalls(int count, double millis, double stsMillis) {}

    /** Init succeeded and every invocation returned a response. */
    public boolean succeeded() {
        return initError == null
                && !invocations.isEmpty()
                && invocations.stream().allMatch(Invocation::succeeded);
    }

    /** The first failed invocation, or null. */
    public Invocation firstFailure() {
        return invocations.stream().filter(i -> !i.succeeded()).findFirst().orElse(null);
    }

    /** The last invocation, or null when there was none. */
    public Invocation last() {
        return invocations.isEmpty() ? null : invocations.getLast();
    }

    /** What went wrong, in a line, or null. */
    public String failureSummary() {
        if (initError != null) {
            return "init failed: " + initError.errorType() + ": " + initError.errorMessage();
        }
        if (invocations.isEmpty()) {
            return "no invocation ran";
        }
        Invocation failure = firstFailure();
        if (failure == null) {
            return null;
        }
        return "invocation " + (invocations.indexOf(failure) + 1) + " "
                + failure.status().name().toLowerCase() + ": " + failure.error().errorType() + ": "
                + failure.error().errorMessage();
    }

    /** Timings of the successful invocations, {@link Stats} over them. */
    public Stats stats() {
        return Stats.of(invocations.stream()
                .filter(Invocation::succeeded)
                .mapToDouble(Invocation::durationMillis)
                .toArray());
    }
}
