package io.tenantry.local.backend.costmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tenantry.local.backend.BackendOptions;
import io.tenantry.local.backend.LocalBackend;
import io.tenantry.local.backend.costmodel.Invocations.Invocation;
import io.tenantry.local.template.FunctionEvent;
import io.tenantry.local.testkit.ProjectRoot;
import io.tenantry.shared.metering.UsageMeter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The cost model, measured: the whole backend of template.yaml runs in this JVM ({@link LocalBackend}, as
 * {@code ./tenantry start} runs it), every AWS request its functions and its pollers make goes through a recording
 * proxy ({@link RecordingProxy}) that asks DynamoDB for the capacity each request consumed, and the backend's
 * invocation log gives the Lambda invocations and their durations. Four operations are measured:
 *
 * <ul>
 *   <li><b>an API request</b>: the average over a reference mix of tenant routes ({@link ApiMix}), after warm-up;
 *   <li><b>a media upload</b>: {@code POST /v1/media}, the PUT to the presigned URL, the bucket notification, the
 *       queue and the media worker;
 *   <li><b>an invoice</b>: {@code POST /v1/invoices}, the worker that renders the PDF to S3, {@code GET} and the
 *       download;
 *   <li><b>a webhook delivery</b>: a project created by a tenant with one subscribed endpoint (a receiver in this
 *       JVM), the event's fan-out, the signed {@code POST}, the delivery marked delivered; with its latency.
 * </ul>
 *
 * <p>Every stretch ends only when the queues are drained ({@link Queues}), so what a stretch's requests cause in the
 * background is counted with them. STS, Secrets Manager and SES calls go straight to their emulators: the price file
 * has no line for them (STS is free).
 *
 * <p>It writes {@code functions/costexport/src/main/resources/pricing/workload.json}, {@code docs/cost-model.md} and
 * the cost-model section of {@code docs/BENCHMARKS.md}. Skipped unless {@code -Dtenantry.benchmark=true}:
 *
 * <pre>./mvnw -q test -pl local/backend -Dtest=CostModelBenchmarkTest -Dtenantry.benchmark=true</pre>
 *
 * <p>Sizes: {@code -Dtenantry.costmodel.requests} (measured requests of the mix, default 3000),
 * {@code .warmup} (400), {@code .bypass} (1000, the durations pass), {@code .uploads} (3), {@code .invoices} (3),
 * {@code .deliveries} (20);
 * {@code -Dtenantry.costmodel.dump=FILE} writes every counted call, request by request, for checking the counting.
 */
@EnabledIfSystemProperty(named = "tenantry.benchmark", matches = "true")
class CostModelBenchmarkTest {
    static final String COMMAND =
            "./mvnw -q test -pl local/backend -Dtest=CostModelBenchmarkTest -Dtenantry.benchmark=true";
    static final int MIX_TENANTS = 4;
    static final int PICTURE_WIDTH = 4000;
    static final int PICTURE_HEIGHT = 3000;
    static final int BATCH_UPLOADS = 5;

    private LocalBackend backend;
    private RecordingProxy proxy;
    private Invocations log;
    private LogVolume logs;
    private Client client;
    private Queues queues;
    private UsageMeter meter;
    private long phaseStarted = System.nanoTime();

    /** Prints how long the last phase took (the console only). */
    private void phase(String name) {
        long now = System.nanoTime();
        System.out.printf("cost model: %s in %.1f s%n", name, (now - phaseStarted) / 1e9);
        phaseStarted = now;
    }

    /** A point of the run: how many AWS calls, invocations and function log lines had been recorded. */
    record Mark(int calls, int invocations, int logLines) {}

    Mark mark() {
        return new Mark(proxy.mark(), log.mark(), logs.mark());
    }

    Tally tally(Mark from, Mark to) {
        return new Tally(this::memoryOf)
                .add(proxy.between(from.calls(), to.calls()), log.between(from.invocations(), to.invocations()))
                .addLogLines(logs.between(from.logLines(), to.logLines()));
    }

    /** What the template defines that the all-in lines depend on. */
    AllIn.Stack stack() throws java.io.IOException {
        int routes = 0;
        int workers = 0;
        int others = 0;
        for (var definition : backend.template().functions().values()) {
            int http = definition.events(FunctionEvent.HttpApi.class).size();
            routes += http;
            if (http == 0 && !definition.events(FunctionEvent.Sqs.class).isEmpty()) {
                workers++;
            } else if (http == 0) {
                others++;
            }
        }
        long secrets = Files.readAllLines(ProjectRoot.template()).stream()
                .filter(l -> l.trim().equals("Type: AWS::SecretsManager::Secret"))
                .count();
        return new AllIn.Stack(routes, workers, others, (int) secrets);
    }

    int memoryOf(String function) {
        var local = backend.functions().get(function);
        if (local == null) {
            throw new IllegalStateException("No function " + function + " in the template");
        }
        return local.memoryMb();
    }

    @Test
    void measuresWhatEachOperationUses_andWritesTheCostModel() throws Exception {
        long started = System.nanoTime();
        String loadAtStart = Files.readString(Path.of("/proc/loadavg")).trim();
        int requests = Integer.getInteger("tenantry.costmodel.requests", 3000);
        int warmup = Integer.getInteger("tenantry.costmodel.warmup", 400);
        int bypassed = Integer.getInteger("tenantry.costmodel.bypass", 1000);
        int uploads = Integer.getInteger("tenantry.costmodel.uploads", 3);
        int invoices = Math.min(MIX_TENANTS, Integer.getInteger("tenantry.costmodel.invoices", 3));
        int deliveries = Integer.getInteger("tenantry.costmodel.deliveries", 20);

        proxy = RecordingProxy.install();
        log = new Invocations();
        try {
            backend = LocalBackend.start(
                    BackendOptions.builder(ProjectRoot.template()).ports(0, 0).build(), log.console());
            logs = LogVolume.install();
            client = new Client(backend.apiUrl(), proxy.address());
            JsonNode endpoints = client.api("GET", "/local/endpoints", null, null, null)
                    .expect(200)
                    .json();
            queues = new Queues(endpoints.path("sqs").asText());
            for (String unpriced : List.of("sts", "secretsmanager", "ses")) {
                proxy.unpriced(endpoints.path(unpriced).asText());
            }
            meter = backend.context().getBean(UsageMeter.class);
            phase("backend started");

            // ------------------------------------------------------------ tenants, data, warm-up
            List<ApiMix.Tenant> tenants = new ArrayList<>();
            for (int t = 0; t < MIX_TENANTS; t++) {
                tenants.add(signUp("owner-" + t));
            }
            ApiMix.Tenant spare = signUp("owner-spare");
            ApiMix mix = new ApiMix(client, proxy, tenants);
            tenants.forEach(mix::populate);
            phase("tenants made and filled");
            byte[] picture = Pictures.jpeg(PICTURE_WIDTH, PICTURE_HEIGHT, 0.9f, 42);
            mix.run(warmup, "cm-warmup");
            upload(spare, picture, "cm-warmup-upload");
            awaitInvoiceReady(
                    spare, requestInvoice(spare, "cm-warmup-invoice").path("id").asText(), "cm-warmup-get");
            settle();
            phase("warm-up");

            // ------------------------------------------------------------ the API request mix
            Mark mixFrom = mark();
            List<ApiMix.Sent> sent = mix.run(requests, "cm-mix");
            settle();
            Mark mixTo = mark();
            Tally mixTally = tally(mixFrom, mixTo);
            phase("the mix, through the proxy");

            // The same mix again with the proxy out of the way, for durations without its extra hop.
            proxy.bypass(true);
            Mark bypassFrom = mark();
            mix.run(bypassed, "cm-direct");
            Mark bypassTo = mark();
            proxy.bypass(false);
            Tally bypassTally = tally(bypassFrom, bypassTo);
            settle();
            phase("the mix, without the proxy");

            // ------------------------------------------------------------ media uploads, one at a time
            List<Phased> uploadRuns = new ArrayList<>();
            Map<String, Long> variantBytes = new LinkedHashMap<>();
            for (int i = 0; i < uploads; i++) {
                Phased run = new Phased();
                ApiMix.Tenant tenant = tenants.get(i % tenants.size());
                settle();
                run.begin(mark());
                JsonNode media = createMedia(tenant, picture, "cm-upload-" + i);
                run.api(mark());
                int workerFrom = log.mark();
                putUpload(media, picture);
                awaitWorker(workerFrom, "MediaQueueFunction", 1);
                run.background(mark());
                settle();
                run.background(mark());
                uploadRuns.add(run);
                JsonNode ready = client.api(
                                "GET", "/v1/media/" + media.path("id").asText(), tenant.token, null, "cm-check")
                        .expect(200)
                        .json();
                assertEquals("ready", ready.path("status").asText(), ready::toString);
                assertEquals(2, ready.path("variants").size(), ready::toString);
                ready.path("variants")
                        .forEach(v -> variantBytes.put(
                                v.path("name").asText() + " " + v.path("width").asInt() + " × "
                                        + v.path("height").asInt(),
                                v.path("sizeBytes").asLong(-1)));
            }

            phase("uploads");

            // ------------------------------------------------------------ a batch of uploads
            settle();
            Phased batch = new Phased();
            batch.begin(mark());
            List<JsonNode> batchMedia = new ArrayList<>();
            for (int i = 0; i < BATCH_UPLOADS; i++) {
                batchMedia.add(createMedia(tenants.get(i % tenants.size()), picture, "cm-batch-" + i));
            }
            batch.api(mark());
            int batchWorkerFrom = log.mark();
            for (JsonNode media : batchMedia) {
                putUpload(media, picture);
            }
            awaitWorker(batchWorkerFrom, "MediaQueueFunction", BATCH_UPLOADS);
            batch.background(mark());
            settle();
            batch.background(mark());

            phase("a batch of uploads");

            // ------------------------------------------------------------ invoices
            List<Phased> invoiceRuns = new ArrayList<>();
            List<Long> pdfBytes = new ArrayList<>();
            for (int i = 0; i < invoices; i++) {
                ApiMix.Tenant tenant = tenants.get(i);
                Phased run = new Phased();
                settle();
                run.begin(mark());
                int workerFrom = log.mark();
                JsonNode invoice = requestInvoice(tenant, "cm-invoice-" + i);
                assertEquals("pending", invoice.path("status").asText(), invoice::toString);
                assertTrue(
                        log.since(workerFrom).stream()
                                .noneMatch(v -> v.function().equals("InvoiceQueueFunction")),
                        "the worker ran before POST /v1/invoices answered: the phases would mix");
                run.api(mark());
                awaitWorker(workerFrom, "InvoiceQueueFunction", 1);
                run.background(mark());
                JsonNode ready = awaitInvoiceReady(tenant, invoice.path("id").asText(), "cm-invoice-get-" + i);
                run.api(mark());
                Client.Answer pdf = client.presigned(
                                "GET", ready.path("downloadUrl").asText(), Map.of(), null)
                        .expect(200);
                assertTrue(pdf.body().startsWith("%PDF"), "the download is a PDF");
                pdfBytes.add((long) pdf.bytes().length);
                run.background(mark());
                settle();
                run.background(mark());
                invoiceRuns.add(run);
            }

            phase("invoices");

            // ------------------------------------------------------------ webhook deliveries, one at a time
            List<Phased> deliveryRuns = new ArrayList<>();
            List<Long> deliveryLatencies = new ArrayList<>();
            try (WebhookReceiver receiver = WebhookReceiver.start()) {
                ApiMix.Tenant tenant = tenants.getFirst();
                client.api(
                                "POST",
                                "/v1/webhooks",
                                tenant.token,
                                "{\"url\":" + Client.quote(receiver.url()) + ",\"events\":[\"project.created\"]}",
                                "cm-webhook")
                        .expect(201);
                for (int i = -1; i < deliveries; i++) { // the first is a warm-up
                    Phased run = new Phased();
                    settle();
                    run.begin(mark());
                    int workerFrom = log.mark();
                    int arrived = receiver.count();
                    client.api("POST", "/v1/projects", tenant.token, "{\"name\":\"Hooked " + i + "\"}", "cm-hook-" + i)
                            .expect(201);
                    long answered = System.nanoTime();
                    run.api(mark());
                    long delivered = receiver.awaitAfter(arrived);
                    awaitWorker(workerFrom, "WebhookQueueFunction", 2);
                    queues.awaitDrained();
                    run.background(mark());
                    settle();
                    run.background(mark());
                    if (i >= 0) {
                        deliveryRuns.add(run);
                        deliveryLatencies.add(delivered - answered);
                    }
                }
            }

            phase("webhook deliveries");

            // ------------------------------------------------------------ checks, then the files
            Measured measured = new Measured(
                    this::memoryOf,
                    requests,
                    sent,
                    mixFrom.calls(),
                    mixTally,
                    bypassTally,
                    uploadRuns.stream().map(r -> r.whole(this)).toList(),
                    uploadRuns.stream().map(r -> r.apiPart(this)).toList(),
                    batch.whole(this),
                    batch.apiPart(this),
                    invoiceRuns.stream().map(r -> r.whole(this)).toList(),
                    invoiceRuns.stream().map(r -> r.apiPart(this)).toList(),
                    deliveryRuns.stream().map(r -> r.whole(this)).toList(),
                    deliveryRuns.stream().map(r -> r.backgroundPart(this)).toList(),
                    deliveryLatencies,
                    picture.length,
                    variantBytes,
                    pdfBytes,
                    proxy.between(bypassFrom.calls(), bypassTo.calls()).stream()
                            .filter(AwsCall::isDynamoDb)
                            .count());
            String dump = System.getProperty("tenantry.costmodel.dump");
            if (dump != null) {
                dump(Path.of(dump), measured);
            }
            measured.check();
            CostModelReport report = new CostModelReport(
                    measured,
                    Prices.load(ProjectRoot.get()
                            .resolve("functions/costexport/src/main/resources/pricing/aws-prices.json")),
                    LocalDate.now(ZoneOffset.UTC),
                    COMMAND,
                    Duration.ofNanos(System.nanoTime() - started),
                    loadAtStart,
                    Files.readString(Path.of("/proc/loadavg")).trim(),
                    stack());
            report.write(ProjectRoot.get());
            System.out.println(report.summary());
        } finally {
            if (logs != null) {
                logs.uninstall();
            }
            if (client != null) {
                client.close();
            }
            if (backend != null) {
                backend.close();
            }
            proxy.close();
        }
    }

    /** The phases of one operation: which stretches are its metered API requests, which the rest. */
    static final class Phased {
        private final List<Mark> marks = new ArrayList<>();
        private final List<Boolean> apiPhase = new ArrayList<>();

        void begin(Mark mark) {
            marks.add(mark);
        }

        /** Ends a stretch that held only API requests of the operation. */
        void api(Mark mark) {
            marks.add(mark);
            apiPhase.add(true);
        }

        /** Ends a stretch of everything else: the object upload, queues, workers, downloads, the metering flush. */
        void background(Mark mark) {
            marks.add(mark);
            apiPhase.add(false);
        }

        Tally whole(CostModelBenchmarkTest test) {
            return test.tally(marks.getFirst(), marks.getLast());
        }

        Tally apiPart(CostModelBenchmarkTest test) {
            return part(test, true);
        }

        Tally backgroundPart(CostModelBenchmarkTest test) {
            return part(test, false);
        }

        private Tally part(CostModelBenchmarkTest test, boolean api) {
            Tally tally = new Tally(test::memoryOf);
            for (int i = 0; i < apiPhase.size(); i++) {
                if (apiPhase.get(i) == api) {
                    tally.add(test.tally(marks.get(i), marks.get(i + 1)));
                }
            }
            return tally;
        }
    }

    /** Every call and invocation of the measured stretches, for a person checking the counting. */
    private static void dump(Path file, Measured measured) throws java.io.IOException {
        StringBuilder out = new StringBuilder();
        for (ApiMix.Sent one : measured.sent()) {
            out.append("== ")
                    .append(one.kind())
                    .append(' ')
                    .append(one.requestId())
                    .append('\n');
            measured.mixCalls(one).stream()
                    .filter(c -> !c.isEmptyReceive())
                    .forEach(c -> out.append("   ").append(line(c)).append('\n'));
        }
        Map<String, Tally> stretches = new LinkedHashMap<>();
        for (int i = 0; i < measured.uploads().size(); i++) {
            stretches.put("upload " + i + " (API part)", measured.uploadApi().get(i));
            stretches.put("upload " + i, measured.uploads().get(i));
        }
        stretches.put("batch", measured.batch());
        for (int i = 0; i < measured.invoices().size(); i++) {
            stretches.put("invoice " + i + " (API part)", measured.invoiceApi().get(i));
            stretches.put("invoice " + i, measured.invoices().get(i));
        }
        stretches.forEach((name, tally) -> {
            out.append("== ").append(name).append('\n');
            tally.invocations.forEach(
                    i -> out.append("   invocation ").append(i).append('\n'));
            tally.calls.stream()
                    .filter(c -> !c.isEmptyReceive())
                    .forEach(c -> out.append("   ").append(line(c)).append('\n'));
        });
        Files.writeString(file, out);
    }

    private static String line(AwsCall c) {
        return String.format(
                java.util.Locale.ROOT,
                "%-8s %-20s %-12s rru=%s wru=%s reported=%s items=%d msgs=%d status=%d %s %s %s",
                c.service(),
                c.operation(),
                c.purpose(),
                c.readUnits(),
                c.writeUnits(),
                c.reportedUnits(),
                c.items(),
                c.messages(),
                c.status(),
                c.error() == null ? "" : c.error(),
                c.key() == null ? "" : c.key() + " " + c.objectBytes() + " B",
                c.detail());
    }

    // ---------------------------------------------------------------- steps

    private ApiMix.Tenant signUp(String who) {
        String email = who + "-" + UUID.randomUUID() + "@costmodel.example";
        String bare = token(email, null);
        JsonNode tenant = client.api(
                        "POST",
                        "/v1/tenants",
                        bare,
                        "{\"name\":" + Client.quote("Cost model " + who) + "}",
                        "cm-signup")
                .expect(201)
                .json();
        String id = tenant.path("id").asText();
        // Sign-up gives the free plan; the operator moves the tenant to pro, as a billing system would.
        JsonNode changed = client.invoke(
                        backend.lambdaUrl(),
                        "ChangeTenantPlanFunction",
                        "{\"tenantId\":\"" + id + "\",\"plan\":\"pro\"}")
                .expect(200)
                .json();
        assertEquals("pro", changed.path("plan").asText(), changed::toString);
        return new ApiMix.Tenant(id, token(email, id));
    }

    private String token(String email, String tenantId) {
        String body = tenantId == null
                ? "{\"email\":\"" + email + "\"}"
                : "{\"email\":\"" + email + "\",\"tenantId\":\"" + tenantId + "\"}";
        return client.api("POST", "/local/auth/token", null, body, "cm-token")
                .expect(200)
                .json()
                .path("token")
                .asText();
    }

    private JsonNode createMedia(ApiMix.Tenant tenant, byte[] picture, String requestId) {
        String body =
                "{\"fileName\":\"photo.jpg\",\"contentType\":\"image/jpeg\",\"sizeBytes\":" + picture.length + "}";
        return client.api(
                        "POST",
                        "/v1/media",
                        tenant.token,
                        body,
                        requestId,
                        Map.of("Idempotency-Key", "cm-" + UUID.randomUUID()))
                .expect(201)
                .json();
    }

    private void putUpload(JsonNode media, byte[] picture) {
        Map<String, String> headers = new LinkedHashMap<>();
        media.path("uploadHeaders")
                .properties()
                .forEach(e -> headers.put(e.getKey(), e.getValue().asText()));
        headers.putIfAbsent("Content-Type", "image/jpeg");
        client.presigned("PUT", media.path("uploadUrl").asText(), headers, picture)
                .expect(200);
    }

    /** One upload end to end, unmeasured (warms the worker up). */
    private void upload(ApiMix.Tenant tenant, byte[] picture, String requestId) {
        JsonNode media = createMedia(tenant, picture, requestId);
        int from = log.mark();
        putUpload(media, picture);
        awaitWorker(from, "MediaQueueFunction", 1);
    }

    private JsonNode requestInvoice(ApiMix.Tenant tenant, String requestId) {
        String period = YearMonth.now(ZoneOffset.UTC).toString();
        return client.api("POST", "/v1/invoices", tenant.token, "{\"period\":\"" + period + "\"}", requestId)
                .expect(202)
                .json();
    }

    private JsonNode awaitInvoiceReady(ApiMix.Tenant tenant, String invoiceId, String requestId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            JsonNode invoice = client.api("GET", "/v1/invoices/" + invoiceId, tenant.token, null, requestId)
                    .expect(200)
                    .json();
            if (invoice.path("status").asText().equals("ready")) {
                return invoice;
            }
            assertTrue(System.nanoTime() < deadline, () -> "The invoice is not ready: " + invoice);
            sleep(Duration.ofMillis(200));
        }
    }

    /** Waits until {@code function} has been invoked after {@code from} with {@code messages} messages in all. */
    private void awaitWorker(int from, String function, int messages) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            int seen = 0;
            for (Invocation invocation : log.since(from)) {
                if (invocation.function().equals(function)) {
                    assertEquals("ok", invocation.status(), invocation::toString);
                    assertTrue(invocation.what().contains("all done"), invocation::toString);
                    seen += Integer.parseInt(invocation.what().replaceAll("^sqs \\S+: (\\d+) message.*$", "$1"));
                }
            }
            if (seen >= messages) {
                return;
            }
            assertTrue(
                    System.nanoTime() < deadline,
                    () -> function + " did not process " + messages + " message(s); logged: " + log.since(from)
                            + "; errors: " + log.errors());
            sleep(Duration.ofMillis(20));
        }
    }

    /**
     * Waits for what the stretch's requests caused in the background (an event's fan-out, an invitation email), and
     * checks that no usage is pending: every invocation writes its usage lines before it answers, and the backend
     * delivers each line to the aggregator as it is written.
     */
    private void settle() {
        queues.awaitDrained();
        assertEquals(0, meter.pendingEvents(), "every invocation wrote its usage lines before it answered");
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
