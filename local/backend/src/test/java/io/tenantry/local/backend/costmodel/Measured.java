package io.tenantry.local.backend.costmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * Everything the run measured, and the quantities per operation that follow from it. Nothing here is assumed: each
 * number is a count or a sum of what the proxy and the invocation log recorded, divided by the operations measured.
 */
record Measured(
        ToIntFunction<String> memoryOf,
        int requests,
        List<ApiMix.Sent> sent,
        int mixCallsFrom,
        Tally mix,
        Tally bypass,
        List<Tally> uploads,
        List<Tally> uploadApi,
        Tally batch,
        Tally batchApi,
        List<Tally> invoices,
        List<Tally> invoiceApi,
        List<Tally> deliveries,
        List<Tally> deliveryBackground,
        List<Long> deliveryLatencyNanos,
        long pictureBytes,
        Map<String, Long> variantBytes,
        List<Long> pdfBytes,
        long bypassDynamoCalls) {

    /** What one operation uses, per priced line (and compute and storage, which the workload file leaves out). */
    static final double BYTES_PER_GB = CostModelReport.BYTES_PER_GB;
    /** The template's default {@code LogRetentionDays}: each GB ingested is held that long. */
    static final int LOG_RETENTION_DAYS = 30;

    static final double DAYS_PER_MONTH = 365.25 / 12;

    record Quantities(
            double lambdaRequests,
            double apiRequests,
            double readUnits,
            double writeUnits,
            double sqsRequests,
            double s3Puts,
            double s3Gets,
            double gbSeconds,
            double storedBytes,
            double logBytes) {

        /** CloudWatch Logs: the GB ingested, and held for the template's retention (30 days by default). */
        double logGb() {
            return logBytes / BYTES_PER_GB;
        }

        double logGbMonths() {
            return logGb() * LOG_RETENTION_DAYS / DAYS_PER_MONTH;
        }

        /** The workload file's map: price line id → quantity, lines the operation does not use left out. */
        Map<String, Double> lines() {
            Map<String, Double> lines = new LinkedHashMap<>();
            put(lines, Prices.LAMBDA_REQUESTS, lambdaRequests);
            put(lines, Prices.API_REQUESTS, apiRequests);
            put(lines, Prices.DYNAMODB_READS, readUnits);
            put(lines, Prices.DYNAMODB_WRITES, writeUnits);
            put(lines, Prices.SQS_REQUESTS, sqsRequests);
            put(lines, Prices.S3_PUTS, s3Puts);
            put(lines, Prices.S3_GETS, s3Gets);
            put(lines, Prices.LOGS_INGESTION, logGb());
            put(lines, Prices.LOGS_STORAGE, logGbMonths());
            return lines;
        }

        private static void put(Map<String, Double> lines, String id, double quantity) {
            if (quantity > 0) {
                lines.put(id, quantity);
            }
        }
    }

    static Tally sum(List<Tally> tallies, ToIntFunction<String> memoryOf) {
        Tally sum = new Tally(memoryOf);
        tallies.forEach(sum::add);
        return sum;
    }

    /**
     * Metering at its steady state, per usage line (one a metered request or worker event), as {@code
     * MeteringBenchmark} measures it in its default scenario (docs/metering.md, "Cost per request": 10 instances of 5
     * functions at 50 requests a second, 8 tenants, lines delivered every second): 0.32 WRU and 0.16 RRU, 0.01
     * invocations of {@code UsageLogFunction}, and the line itself, 237 bytes, in the function's log. The local
     * backend counts each line in a transaction of its own and prints none: measured here, that is the quiet bound.
     */
    static final double STEADY_METERING_WRU = 0.32;

    /**
     * In that scenario, 1,198 transactions for 15,000 lines: a delivery counts each tenant's lines in one, and adds
     * that tenant's users to the day's set of active users in one {@code UpdateItem} beside it (which {@code
     * MeteringBenchmark} does not price). Locally, that update is made for every line; at the steady state, this many
     * times a line, each at the write units measured here.
     */
    static final double STEADY_ACTIVITY_UPDATES_PER_LINE = 1_198.0 / 15_000;

    static final double STEADY_METERING_RRU = 0.16;
    static final double STEADY_METERING_INVOCATIONS = 0.01;
    static final double USAGE_LINE_BYTES = 237;

    /** Usage lines of the stretch: locally, one metering transaction each. */
    static double usageLines(Tally tally) {
        return tally.dynamoCalls(AwsCall.Purpose.METERING);
    }

    /** The steady state's active-user updates for the stretch's usage lines, at their measured write units each. */
    static double steadyActivityWriteUnits(Tally tally) {
        long updates = tally.dynamoCalls(AwsCall.Purpose.ACTIVITY);
        double each = updates == 0 ? 0 : tally.writeUnits(AwsCall.Purpose.ACTIVITY) / updates;
        return usageLines(tally) * STEADY_ACTIVITY_UPDATES_PER_LINE * each;
    }

    static double steadyReadUnits(Tally tally) {
        return tally.readUnits() - tally.readUnits(AwsCall.Purpose.METERING) + usageLines(tally) * STEADY_METERING_RRU;
    }

    static double steadyWriteUnits(Tally tally) {
        return tally.writeUnits()
                - tally.writeUnits(AwsCall.Purpose.METERING)
                - tally.writeUnits(AwsCall.Purpose.ACTIVITY)
                + usageLines(tally) * STEADY_METERING_WRU
                + steadyActivityWriteUnits(tally);
    }

    static double steadyInvocations(Tally tally) {
        return tally.lambdaInvocations() + usageLines(tally) * STEADY_METERING_INVOCATIONS;
    }

    static double steadyLogBytes(Tally tally) {
        return tally.logBytes() + usageLines(tally) * (USAGE_LINE_BYTES + 1 + LogVolume.EVENT_OVERHEAD);
    }

    /** What an operation uses, as measured, with metering at its steady state (above). */
    static Quantities perOperation(Tally tally, double operations) {
        return new Quantities(
                steadyInvocations(tally) / operations,
                tally.apiRequests() / operations,
                steadyReadUnits(tally) / operations,
                steadyWriteUnits(tally) / operations,
                tally.sqsRequests() / operations,
                tally.s3Requests(AwsCall.S3Class.PUT) / operations,
                tally.s3Requests(AwsCall.S3Class.GET) / operations,
                tally.gbSeconds() / operations,
                tally.objectsKept().values().stream().mapToLong(Long::longValue).sum() / operations,
                steadyLogBytes(tally) / operations);
    }

    /**
     * What an operation uses beyond its own API requests, which are metered as requests and priced at
     * {@code perRequest}: its API Gateway requests and its HTTP functions' invocations are left out, and its DynamoDB
     * units are its own less what its API requests are already priced at ({@code perRequest}'s units each). What
     * remains: the worker's invocations, the operation's own DynamoDB units beyond an average request's, its SQS and S3
     * requests (those the API functions make included) and the metering flush of its events.
     */
    static Quantities beyondApi(Tally whole, double operations, Quantities perRequest) {
        double apiRequests = whole.apiRequests() / operations;
        return new Quantities(
                (steadyInvocations(whole) - whole.apiRequests()) / operations,
                0,
                steadyReadUnits(whole) / operations - apiRequests * perRequest.readUnits(),
                steadyWriteUnits(whole) / operations - apiRequests * perRequest.writeUnits(),
                whole.sqsRequests() / operations,
                whole.s3Requests(AwsCall.S3Class.PUT) / operations,
                whole.s3Requests(AwsCall.S3Class.GET) / operations,
                (whole.gbSeconds() - whole.gbSecondsOfApi()) / operations,
                whole.objectsKept().values().stream().mapToLong(Long::longValue).sum() / operations,
                Math.max(0, steadyLogBytes(whole) / operations - apiRequests * perRequest.logBytes()));
    }

    // ---------------------------------------------------------------- the three operations

    /** One request of the mix, everything included (durations from the proxied run). */
    Quantities perRequest() {
        return perOperation(mix, mix.apiRequests());
    }

    /** GB-seconds per request from the pass without the proxy. */
    double gbSecondsPerRequest() {
        return bypass.gbSecondsOfApi() / bypass.apiRequests();
    }

    Tally uploadsWhole() {
        return sum(uploads, memoryOf);
    }

    Tally uploadsApi() {
        return sum(uploadApi, memoryOf);
    }

    Quantities perUpload() {
        return perOperation(uploadsWhole(), uploads.size());
    }

    Quantities perUploadBeyondApi() {
        return beyondApi(uploadsWhole(), uploads.size(), perRequest());
    }

    Quantities perBatchedUpload() {
        return perOperation(batch, CostModelBenchmarkTest.BATCH_UPLOADS);
    }

    Quantities perBatchedUploadBeyondApi() {
        return beyondApi(batch, CostModelBenchmarkTest.BATCH_UPLOADS, perRequest());
    }

    Tally invoicesWhole() {
        return sum(invoices, memoryOf);
    }

    Tally invoicesApi() {
        return sum(invoiceApi, memoryOf);
    }

    Quantities perInvoice() {
        return perOperation(invoicesWhole(), invoices.size());
    }

    Quantities perInvoiceBeyondApi() {
        return beyondApi(invoicesWhole(), invoices.size(), perRequest());
    }

    Tally deliveriesWhole() {
        return sum(deliveries, memoryOf);
    }

    /**
     * One webhook delivery beyond the write that caused it: everything after the write's answer (the event's fan-out
     * by the webhook worker, the delivery item, the attempt's message and invocation, the signed {@code POST}, the
     * delivery marked delivered, the metering flush), and the write's own publish of the event to SQS.
     */
    Quantities perDelivery() {
        Tally background = sum(deliveryBackground, memoryOf);
        Tally whole = deliveriesWhole();
        int n = deliveries.size();
        Quantities after = perOperation(background, n);
        double publishes = (whole.sqsRequests() - background.sqsRequests()) / (double) n;
        return new Quantities(
                after.lambdaRequests(),
                0,
                after.readUnits(),
                after.writeUnits(),
                after.sqsRequests() + publishes,
                after.s3Puts(),
                after.s3Gets(),
                after.gbSeconds(),
                after.storedBytes(),
                after.logBytes());
    }

    /** The delivery's latency, from the write's answer to the receiver's having the {@code POST}, at a percentile. */
    double deliveryLatencyMillis(double percentile) {
        List<Long> sorted = deliveryLatencyNanos.stream().sorted().toList();
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(rank, sorted.size() - 1))) / 1e6;
    }

    /** The bytes one request of the mix logs, at a percentile over its HTTP functions' invocations. */
    double apiLogBytes(double percentile) {
        List<Long> sorted = mix.logBytesPerApiInvocation();
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(rank, sorted.size() - 1)));
    }

    /** The write units of one audit event (an element of its change's transaction), as the mix measured. */
    double auditEventWriteUnits() {
        return mean(mix.auditEventWriteUnits(), mix.auditEvents());
    }

    /** Audit events written per request of the mix. */
    double auditEventsPerRequest() {
        return (double) mix.auditEvents() / mix.apiRequests();
    }

    /** The write units of one outbox entry (an element of its change's transaction), as the mix measured. */
    double outboxEntryWriteUnits() {
        return mean(mix.outboxWriteUnits(), mix.outboxEntries());
    }

    /** Outbox entries written per request of the mix. */
    double outboxEntriesPerRequest() {
        return (double) mix.outboxEntries() / mix.apiRequests();
    }

    // ---------------------------------------------------------------- unit costs of the overheads

    /** Every tally of the run, for unit costs measured wherever they occurred. */
    Tally all() {
        Tally all = new Tally(memoryOf);
        all.add(mix);
        all.add(uploadsWhole());
        all.add(batch);
        all.add(invoicesWhole());
        all.add(deliveriesWhole());
        return all;
    }

    static double mean(double total, long count) {
        return count == 0 ? 0 : total / count;
    }

    double leaseWriteUnits() {
        Tally all = all();
        return mean(all.writeUnits(AwsCall.Purpose.RATE_LIMITER), all.dynamoCalls(AwsCall.Purpose.RATE_LIMITER));
    }

    double planLookupReadUnits() {
        Tally all = all();
        return mean(all.readUnits(AwsCall.Purpose.PLAN_LOOKUP), all.dynamoCalls(AwsCall.Purpose.PLAN_LOOKUP));
    }

    double flushWriteUnits() {
        Tally all = all();
        return mean(all.writeUnits(AwsCall.Purpose.METERING), all.dynamoCalls(AwsCall.Purpose.METERING));
    }

    double flushReadUnits() {
        Tally all = all();
        return mean(all.readUnits(AwsCall.Purpose.METERING), all.dynamoCalls(AwsCall.Purpose.METERING));
    }

    /**
     * A request when its tenant's traffic is sparse: its own lease write, its own plan lookup, its own flush
     * transaction, on top of the route's own units (from the mix).
     */
    Quantities perSparseRequest() {
        Quantities steady = perRequest();
        double route = mix.apiRequests();
        return new Quantities(
                steady.lambdaRequests(),
                steady.apiRequests(),
                (mix.readUnits(AwsCall.Purpose.ROUTE) + mix.readUnits(AwsCall.Purpose.AUDIT)) / route
                        + planLookupReadUnits()
                        + flushReadUnits(),
                (mix.writeUnits(AwsCall.Purpose.ROUTE)
                                        + mix.writeUnits(AwsCall.Purpose.AUDIT)
                                        + mix.writeUnits(AwsCall.Purpose.ACTIVITY))
                                / route
                        + leaseWriteUnits()
                        + flushWriteUnits(),
                steady.sqsRequests(),
                steady.s3Puts(),
                steady.s3Gets(),
                steady.gbSeconds(),
                steady.storedBytes(),
                steady.logBytes());
    }

    // ---------------------------------------------------------------- checks

    /** Fails when the counting stopped working or the run went wrong: every number below must be there. */
    void check() {
        assertEquals(requests, mix.apiRequests(), "every request of the mix reached a function");
        assertEquals(
                requests,
                mix.lambdaInvocations() - mix.workerInvocations(),
                "the mix invokes nothing but its HTTP functions and the queue workers handling what they caused");
        assertTrue(mix.auditEvents() > 0, "the mix's changes wrote audit events");
        assertTrue(mix.outboxEntries() > 0, "the mix's changes wrote outbox entries");
        assertTrue(
                mix.dynamoCalls(AwsCall.Purpose.ACTIVITY) > 0,
                "the mix's usage lines added its users to the day's active users");
        assertEquals(
                requests,
                mix.logBytesPerApiInvocation().size(),
                "every request of the mix wrote log lines, found by its invocation's request id");
        assertTrue(
                mix.logLines.stream().anyMatch(LogVolume.Line::emf),
                "the mix's functions wrote their EMF metric lines");
        assertTrue(sent.stream().allMatch(s -> s.status() < 300), "every request of the mix succeeded");
        Quantities delivery = perDelivery();
        assertTrue(delivery.lambdaRequests() >= 2, "the event's fan-out and the attempt: " + delivery);
        assertTrue(delivery.sqsRequests() >= 4, "publish, receive, the attempt's send and receive: " + delivery);
        assertTrue(delivery.writeUnits() >= 2, "the delivery item, created and marked delivered: " + delivery);
        assertEquals(deliveries.size(), deliveryLatencyNanos.size(), "a latency per delivery");
        for (Tally tally : List.of(mix, uploadsWhole(), batch, invoicesWhole(), deliveriesWhole())) {
            assertTrue(tally.dynamoDataCalls() > 0, "the proxy saw DynamoDB requests");
            assertEquals(0, tally.dynamoUncounted(), "every DynamoDB response reported its consumed capacity");
            assertTrue(tally.readUnits() > 0, "DynamoDB reported read units");
            assertTrue(tally.writeUnits() > 0, "DynamoDB reported write units");
            assertEquals(0, tally.s3Errors(), "no S3 request failed");
        }
        for (AwsCall call : all().calls) {
            if (!call.isDynamoDb() || call.error() != null || call.purpose() == AwsCall.Purpose.NONE) {
                continue;
            }
            switch (call.operation()) {
                case "PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems" ->
                    assertTrue(call.writeUnits() >= 1, () -> "a write costs at least 1 WRU per item: " + call);
                case "GetItem", "Query", "Scan", "BatchGetItem", "TransactGetItems" ->
                    assertTrue(
                            call.readUnits() >= 0.5 || call.isEmptyRead(),
                            () -> "a read that returns items costs at least 0.5 RRU: " + call);
                default -> {}
            }
        }
        // Each created item wrote at least one write unit of the route's own.
        for (ApiMix.Sent one : sent) {
            if (one.kind() == ApiMix.Kind.CREATE_PROJECT || one.kind() == ApiMix.Kind.CREATE_USER) {
                double own = mixCalls(one).stream()
                        .filter(c -> c.isDynamoDb() && c.purpose() == AwsCall.Purpose.ROUTE)
                        .mapToDouble(AwsCall::writeUnits)
                        .sum();
                assertTrue(own >= 1, () -> one + " wrote " + own + " WRU of its own");
            }
        }
        assertTrue(mix.dynamoCalls(AwsCall.Purpose.RATE_LIMITER) > 0, "the rate limiter wrote leases");
        assertTrue(mix.dynamoCalls(AwsCall.Purpose.METERING) > 0, "the aggregator counted usage during the mix");
        for (AwsCall call : all().calls) {
            if (call.isDynamoDb() && call.operation().equals("TransactWriteItems") && call.error() == null) {
                assertTrue(call.unitsByRule(), () -> "a transaction is priced by DynamoDB's rule: " + call);
            }
        }

        Quantities upload = perUpload();
        assertTrue(upload.lambdaRequests() >= 2, "an upload invokes CreateMedia and the media worker");
        assertTrue(upload.s3Puts() >= 3, "an upload PUTs the original and two variants");
        assertTrue(upload.s3Gets() >= 1, "the worker reads the upload");
        assertTrue(upload.sqsRequests() >= 3, "notification, receive and delete");
        assertTrue(upload.storedBytes() > 0, "the variants are kept");
        assertTrue(variantBytes.values().stream().allMatch(b -> b > 0), () -> "variant sizes: " + variantBytes);
        Quantities invoice = perInvoice();
        assertTrue(invoice.lambdaRequests() >= 3, "POST, the worker, GET");
        assertTrue(invoice.s3Puts() >= 1, "the worker stores the PDF");
        assertTrue(invoice.s3Gets() >= 1, "the download");
        assertTrue(invoice.sqsRequests() >= 3, "send, receive, delete");
        assertTrue(invoice.storedBytes() > 0, "the PDF is kept");
        assertTrue(bypass.apiRequests() > 0 && bypass.gbSecondsOfApi() > 0, "the durations pass ran");
        for (Quantities beyond : List.of(perUploadBeyondApi(), perInvoiceBeyondApi())) {
            assertTrue(
                    beyond.readUnits() >= 0 && beyond.writeUnits() > 0 && beyond.lambdaRequests() >= 1,
                    () -> "an operation uses more than its API requests: " + beyond);
        }
    }

    /** The AWS calls a request of the mix made (the harness sends one request at a time). */
    List<AwsCall> mixCalls(ApiMix.Sent one) {
        return mix.calls.subList(one.callsFrom() - mixCallsFrom, one.callsTo() - mixCallsFrom);
    }
}
