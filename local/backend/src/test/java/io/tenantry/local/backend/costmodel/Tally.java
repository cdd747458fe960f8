package io.tenantry.local.backend.costmodel;

import io.tenantry.local.backend.costmodel.Invocations.Invocation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToIntFunction;

/**
 * What a stretch of the run used: the AWS calls the recording proxy saw and the invocations the backend logged,
 * summed. Invocations of {@code GetHealthFunction} are left out: the harness calls {@code GET /v1/health} only to
 * end a measurement with a metering flush (the flush's DynamoDB writes are counted; the health request itself is
 * not part of any operation).
 */
final class Tally {
    static final String FLUSH_TRIGGER = "GetHealthFunction";

    /** Per function: invocations, billed milliseconds, GB-seconds at the template's memory. */
    static final class FunctionUse {
        final String function;
        final int memoryMb;
        long invocations;
        long billedMillis;
        long loggedMillis;

        FunctionUse(String function, int memoryMb) {
            this.function = function;
            this.memoryMb = memoryMb;
        }

        double gbSeconds() {
            return billedMillis / 1000.0 * memoryMb / 1024.0;
        }
    }

    /** Per DynamoDB operation and purpose: calls and request units. */
    static final class DynamoUse {
        long calls;
        double readUnits;
        double writeUnits;
        long errors;
    }

    final List<AwsCall> calls = new ArrayList<>();
    final List<Invocation> invocations = new ArrayList<>();
    final List<LogVolume.Line> logLines = new ArrayList<>();
    private final ToIntFunction<String> memoryOf;

    Tally(ToIntFunction<String> memoryOf) {
        this.memoryOf = memoryOf;
    }

    Tally add(List<AwsCall> moreCalls, List<Invocation> moreInvocations) {
        calls.addAll(moreCalls);
        for (Invocation invocation : moreInvocations) {
            if (invocation.isFunction() && !invocation.function().equals(FLUSH_TRIGGER)) {
                invocations.add(invocation);
            }
        }
        return this;
    }

    Tally add(Tally other) {
        calls.addAll(other.calls);
        invocations.addAll(other.invocations);
        logLines.addAll(other.logLines);
        return this;
    }

    /** The functions' log lines of the stretch, the flush trigger's left out as its invocations are. */
    Tally addLogLines(List<LogVolume.Line> lines) {
        lines.stream().filter(l -> !l.function().equals(FLUSH_TRIGGER)).forEach(logLines::add);
        return this;
    }

    // ---------------------------------------------------------------- CloudWatch Logs

    /**
     * The bytes CloudWatch Logs ingests for the stretch: each line the functions wrote (JSON logs and EMF metrics)
     * with its 26 bytes of event overhead, and Lambda's own three lines for each invocation.
     */
    long logBytes() {
        long lines = logLines.stream()
                .mapToLong(l -> l.bytes() + LogVolume.EVENT_OVERHEAD)
                .sum();
        return lines + (long) LogVolume.PLATFORM_BYTES * lambdaInvocations();
    }

    /** Per invocation of an HTTP function: the bytes its log group ingests for it (its lines and Lambda's). */
    List<Long> logBytesPerApiInvocation() {
        java.util.Set<String> api = invocations.stream()
                .filter(Invocation::isApi)
                .map(Invocation::function)
                .collect(java.util.stream.Collectors.toSet());
        Map<String, Long> byRequest = new LinkedHashMap<>();
        for (LogVolume.Line line : logLines) {
            if (api.contains(line.function())) {
                byRequest.merge(line.requestId(), (long) line.bytes() + LogVolume.EVENT_OVERHEAD, Long::sum);
            }
        }
        return byRequest.values().stream()
                .map(b -> b + LogVolume.PLATFORM_BYTES)
                .sorted()
                .toList();
    }

    // ---------------------------------------------------------------- Lambda and API Gateway

    long apiRequests() {
        return invocations.stream().filter(Invocation::isApi).count();
    }

    long lambdaInvocations() {
        return invocations.size();
    }

    long workerInvocations() {
        return invocations.stream().filter(i -> !i.isApi()).count();
    }

    Map<String, FunctionUse> functions() {
        Map<String, FunctionUse> uses = new TreeMap<>();
        for (Invocation invocation : invocations) {
            FunctionUse use =
                    uses.computeIfAbsent(invocation.function(), f -> new FunctionUse(f, memoryOf.applyAsInt(f)));
            use.invocations++;
            use.billedMillis += invocation.billedMillis();
            use.loggedMillis += invocation.durationMillis();
        }
        return uses;
    }

    double gbSeconds() {
        return functions().values().stream().mapToDouble(FunctionUse::gbSeconds).sum();
    }

    double gbSecondsOfApi() {
        return invocations.stream()
                .filter(Invocation::isApi)
                .mapToDouble(i -> i.billedMillis() / 1000.0 * memoryOf.applyAsInt(i.function()) / 1024.0)
                .sum();
    }

    // ---------------------------------------------------------------- DynamoDB

    private List<AwsCall> dynamo() {
        return calls.stream().filter(AwsCall::isDynamoDb).toList();
    }

    double readUnits() {
        return dynamo().stream().mapToDouble(AwsCall::readUnits).sum();
    }

    double writeUnits() {
        return dynamo().stream().mapToDouble(AwsCall::writeUnits).sum();
    }

    double readUnits(AwsCall.Purpose purpose) {
        return dynamo().stream()
                .filter(c -> c.purpose() == purpose)
                .mapToDouble(AwsCall::readUnits)
                .sum();
    }

    double writeUnits(AwsCall.Purpose purpose) {
        return dynamo().stream()
                .filter(c -> c.purpose() == purpose)
                .mapToDouble(AwsCall::writeUnits)
                .sum();
    }

    /** The capacity units DynamoDB Local reported (before any rule replaced them). */
    double reportedUnits(AwsCall.Purpose purpose) {
        return dynamo().stream()
                .filter(c -> c.purpose() == purpose)
                .mapToDouble(AwsCall::reportedUnits)
                .sum();
    }

    /** Transactions priced by DynamoDB's rule: calls, units DynamoDB Local reported, RRU and WRU by the rule. */
    double[] transactionsByRule() {
        double[] totals = new double[4];
        for (AwsCall call : dynamo()) {
            if (call.unitsByRule()) {
                totals[0]++;
                totals[1] += call.reportedUnits();
                totals[2] += call.readUnits();
                totals[3] += call.writeUnits();
            }
        }
        return totals;
    }

    long dynamoCalls(AwsCall.Purpose purpose) {
        return dynamo().stream().filter(c -> c.purpose() == purpose).count();
    }

    /**
     * Audit events written: those of a change's transaction (since the outbox, every one) and any written on their
     * own ({@code PutItem} of an {@code AUDIT#} item).
     */
    long auditEvents() {
        return dynamoCalls(AwsCall.Purpose.AUDIT)
                + successful().mapToLong(c -> c.elements().auditEvents()).sum();
    }

    /** The write units of those audit events: their share of their transactions, and their own writes. */
    double auditEventWriteUnits() {
        return writeUnits(AwsCall.Purpose.AUDIT)
                + successful().mapToDouble(c -> c.elements().auditWriteUnits()).sum();
    }

    /** Outbox entries written beside their changes, and their share of the transactions' write units. */
    long outboxEntries() {
        return successful().mapToLong(c -> c.elements().outboxEntries()).sum();
    }

    double outboxWriteUnits() {
        return successful().mapToDouble(c -> c.elements().outboxWriteUnits()).sum();
    }

    private java.util.stream.Stream<AwsCall> successful() {
        return dynamo().stream().filter(c -> c.error() == null && c.status() == 200);
    }

    /** By "Operation (purpose)". */
    Map<String, DynamoUse> dynamoByOperation() {
        Map<String, DynamoUse> uses = new TreeMap<>();
        for (AwsCall call : dynamo()) {
            if (call.purpose() == AwsCall.Purpose.NONE) {
                continue;
            }
            DynamoUse use = uses.computeIfAbsent(call.operation() + " | " + call.purpose().label, k -> new DynamoUse());
            use.calls++;
            use.readUnits += call.readUnits();
            use.writeUnits += call.writeUnits();
            if (call.error() != null) {
                use.errors++;
            }
        }
        return uses;
    }

    /** DynamoDB data requests that failed (no consumed capacity reported), by error type. */
    Map<String, Long> dynamoErrors() {
        Map<String, Long> errors = new TreeMap<>();
        for (AwsCall call : dynamo()) {
            if (call.error() != null) {
                String type = call.error().substring(call.error().indexOf('#') + 1);
                errors.merge(call.operation() + ": " + type, 1L, Long::sum);
            }
        }
        return errors;
    }

    /** Queries and scans that returned nothing (DynamoDB Local reports 0 RRU for them). */
    long dynamoEmptyReads() {
        return dynamo().stream().filter(AwsCall::isEmptyRead).count();
    }

    /** The read units DynamoDB's minimum charge per read request would add for those empty reads. */
    double dynamoEmptyReadShortfall() {
        return dynamo().stream().mapToDouble(AwsCall::emptyReadShortfall).sum();
    }

    /** Successful data requests whose response carried no ConsumedCapacity: the proxy is not counting. */
    long dynamoUncounted() {
        return dynamo().stream()
                .filter(c -> c.purpose() != AwsCall.Purpose.NONE && c.error() == null && !c.capacityReported())
                .count();
    }

    long dynamoDataCalls() {
        return dynamo().stream()
                .filter(c -> c.purpose() != AwsCall.Purpose.NONE)
                .count();
    }

    /** Mean time the proxy added to a DynamoDB call (its own handling, not the emulator's), in ms. */
    double proxyMillisPerDynamoCall() {
        List<AwsCall> data = dynamo();
        return data.isEmpty()
                ? 0
                : data.stream()
                                .mapToLong(c -> c.nanos() - c.upstreamNanos())
                                .average()
                                .orElse(0)
                        / 1e6;
    }

    // ---------------------------------------------------------------- SQS

    /**
     * The SQS requests billed to the operation: every request but the receives that returned nothing (the pollers'
     * idle long polls, and the extra receives of a batching window), each 64 KB chunk counting as one.
     */
    long sqsRequests() {
        return calls.stream()
                .filter(c -> c.isSqs() && !c.isEmptyReceive())
                .mapToLong(AwsCall::sqsBilledRequests)
                .sum();
    }

    long sqsEmptyReceives() {
        return calls.stream().filter(AwsCall::isEmptyReceive).count();
    }

    long sqsMessagesReceived() {
        return calls.stream()
                .filter(c -> c.isSqs() && c.operation().equals("ReceiveMessage"))
                .mapToLong(AwsCall::messages)
                .sum();
    }

    Map<String, Long> sqsByOperation() {
        Map<String, Long> counts = new TreeMap<>();
        for (AwsCall call : calls) {
            if (call.isSqs()) {
                String name = call.isEmptyReceive()
                        ? "ReceiveMessage (empty: not billed to the operation)"
                        : call.operation().equals("ReceiveMessage")
                                ? "ReceiveMessage (returning messages)"
                                : call.operation();
                counts.merge(name, 1L, Long::sum);
            }
        }
        return counts;
    }

    // ---------------------------------------------------------------- S3

    long s3Requests(AwsCall.S3Class s3Class) {
        return calls.stream().filter(c -> c.isS3() && c.s3Class() == s3Class).count();
    }

    Map<String, Long> s3ByOperation() {
        Map<String, Long> counts = new TreeMap<>();
        for (AwsCall call : calls) {
            if (call.isS3()) {
                counts.merge(call.operation() + " (" + call.s3Class() + ")", 1L, Long::sum);
            }
        }
        return counts;
    }

    /** The objects written and not deleted by the end of these calls: key → bytes. */
    Map<String, Long> objectsKept() {
        Map<String, Long> kept = new LinkedHashMap<>();
        for (AwsCall call : calls) {
            if (!call.isS3()) {
                continue;
            }
            if (call.operation().equals("PutObject") || call.operation().equals("CopyObject")) {
                kept.put(call.bucket() + "/" + call.key(), call.objectBytes());
            }
            for (String key : call.deletedKeys()) {
                kept.remove(call.bucket() + "/" + key);
            }
        }
        return kept;
    }

    /** Every object written, with its size (also those deleted since). */
    Map<String, Long> objectsWritten() {
        Map<String, Long> written = new LinkedHashMap<>();
        for (AwsCall call : calls) {
            if (call.isS3()
                    && (call.operation().equals("PutObject") || call.operation().equals("CopyObject"))) {
                written.put(call.bucket() + "/" + call.key(), call.objectBytes());
            }
        }
        return written;
    }

    long s3Errors() {
        return calls.stream().filter(c -> c.isS3() && c.error() != null).count();
    }
}
