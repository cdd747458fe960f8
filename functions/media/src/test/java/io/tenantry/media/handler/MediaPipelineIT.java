package io.tenantry.media.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.tenantry.local.testkit.ApiResult;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.media.image.TestImages;
import io.tenantry.shared.snapstart.Priming;
import io.tenantry.shared.snapstart.PrimingGuard;
import io.tenantry.shared.testing.OutboxEvents;
import io.tenantry.shared.testing.TestTenants.SeededTenant;
import java.awt.image.BufferedImage;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole media path against emulated AWS, as a client and the bucket's queue would drive it:
 * create → PUT real bytes to the presigned URL (s3proxy checks its signature) → the worker on the
 * S3 notification → the item, and its variants through their presigned GETs.
 */
@EmulatedAws
class MediaPipelineIT {
    static MediaFixture fixture;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        fixture = new MediaFixture(aws, Map.of("tenantry.rate-limit.enabled", "false"));
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    // ------------------------------------------------------------------ accepted images

    @Test
    void aPng_becomesReady_withAThumbAndAMediumOfTheRightSizes() {
        SeededTenant tenant = fixture.newTenant();
        JsonNode item = fixture.uploadAndProcess(tenant, "diagram.png", "image/png", TestImages.png(800, 600));

        assertEquals("ready", item.path("status").asText(), item::toString);
        assertEquals(800, item.path("width").asInt());
        assertEquals(600, item.path("height").asInt());
        assertVariants(item, "image/png", 128, 96, 800, 600);
        assertFalse(item.has("uploadUrl"), item::toString);
        assertFalse(item.has("reason"), item::toString);
    }

    @Test
    void aJpeg_becomesReady_withJpegVariants() {
        SeededTenant tenant = fixture.newTenant();
        JsonNode item = fixture.uploadAndProcess(tenant, "team.jpg", "image/jpeg", TestImages.jpeg(2000, 1500));

        assertEquals("ready", item.path("status").asText(), item::toString);
        assertVariants(item, "image/jpeg", 128, 96, 1024, 768);
    }

    @Test
    void readyMedia_isMarkedNoStore_andAnsweredInFullForItsETag_whileMediaAwaitingUploadGets304() {
        SeededTenant tenant = fixture.newTenant();
        String readyId = fixture.uploadAndProcess(tenant, "diagram.png", "image/png", TestImages.png(300, 200))
                .path("id")
                .asText();
        String waitingId = fixture.create(tenant, "later.png", "image/png", 1000)
                .path("id")
                .asText();
        ApiResult ready = fixture.read(tenant, readyId);
        ApiResult waiting = fixture.read(tenant, waitingId);

        ApiResult readyAgain = ApiResult.call(
                fixture.get,
                fixture.onMedia(tenant, "viewer", "GET", readyId).header("If-None-Match", ready.header("ETag")));
        ApiResult waitingAgain = ApiResult.call(
                fixture.get,
                fixture.onMedia(tenant, "viewer", "GET", waitingId).header("If-None-Match", waiting.header("ETag")));

        // Fresh presigned URLs on every read: a 304 would send the client back to URLs that expire in minutes.
        assertEquals("no-store", ready.header("Cache-Control"), ready::toString);
        assertEquals(200, readyAgain.status(), readyAgain::toString);
        assertEquals(ready.header("ETag"), readyAgain.header("ETag"));
        assertEquals(2, readyAgain.json().path("variants").size(), readyAgain::toString);
        assertEquals(
                200,
                fixture.download(readyAgain
                                .json()
                                .path("variants")
                                .get(0)
                                .path("url")
                                .asText())
                        .statusCode());
        assertNull(waiting.header("Cache-Control"), waiting::toString);
        assertEquals(304, waitingAgain.status(), waitingAgain::toString);
        assertEquals(waiting.header("ETag"), waitingAgain.header("ETag"));
    }

    @Test
    void aGif_becomesReady_withPngVariants() {
        SeededTenant tenant = fixture.newTenant();
        JsonNode item = fixture.uploadAndProcess(tenant, "wave.gif", "image/gif", TestImages.gif(300, 200));

        assertEquals("ready", item.path("status").asText(), item::toString);
        assertVariants(item, "image/png", 128, 85, 300, 200);
    }

    @Test
    void aTallImage_keepsItsAspectRatio() {
        SeededTenant tenant = fixture.newTenant();
        JsonNode item = fixture.uploadAndProcess(tenant, "tall.png", "image/png", TestImages.png(500, 2000));
        assertVariants(item, "image/png", 32, 128, 256, 1024);
    }

    @Test
    void theUpload_isRemovedOnceProcessed_andOnlyTheVariantsStay() {
        SeededTenant tenant = fixture.newTenant();
        JsonNode item = fixture.uploadAndProcess(tenant, "a.jpg", "image/jpeg", TestImages.jpegWithMetadata(300, 200));
        String prefix =
                "tenants/" + tenant.tenantId() + "/media/" + item.path("id").asText() + "/";
        assertEquals(List.of(prefix + "medium", prefix + "thumb"), fixture.keysUnder(prefix));
        for (JsonNode variant : item.path("variants")) {
            byte[] bytes = fixture.download(variant.path("url").asText()).body();
            assertFalse(new String(bytes, StandardCharsets.ISO_8859_1).contains("GPS-SECRET"));
        }
    }

    // ------------------------------------------------------------------ refused files

    @Test
    void aTextFileDeclaredAsPng_isRejected_asNotAnImage() {
        assertRejected("notes.png", "image/png", TestImages.text(), "not_an_image");
    }

    @Test
    void aTruncatedPng_isRejected() {
        assertRejected("cut.png", "image/png", TestImages.truncated(TestImages.png(400, 300), 0.5), "truncated");
    }

    @Test
    void aTruncatedJpeg_isRejected() {
        assertRejected("cut.jpg", "image/jpeg", TestImages.truncated(TestImages.jpeg(400, 300), 0.6), "truncated");
    }

    @Test
    void aPngClaiming30000x30000_isRejected_fromItsHeader() {
        byte[] bomb = TestImages.pngClaiming(30_000, 30_000);
        JsonNode item = assertRejected("bomb.png", "image/png", bomb, "dimensions_too_large");
        assertTrue(item.path("reason").asText().contains("dimensions"), item::toString);
    }

    @Test
    void aJpegDeclaredAsPng_isProcessedAsWhatItIs() {
        SeededTenant tenant = fixture.newTenant();
        JsonNode item = fixture.uploadAndProcess(tenant, "photo.png", "image/png", TestImages.jpeg(640, 480));
        assertEquals("ready", item.path("status").asText(), item::toString);
        assertVariants(item, "image/jpeg", 128, 96, 640, 480);
    }

    @Test
    void aZeroByteObject_isRejected_asEmpty() {
        SeededTenant tenant = fixture.newTenant();
        JsonNode created = fixture.create(tenant, "zero.png", "image/png", 1);
        String id = created.path("id").asText();
        assertEquals(403, fixture.upload(created.path("uploadUrl").asText(), "image/png", new byte[0]));

        fixture.putObject(MediaFixture.originalKey(tenant, id), new byte[0]);
        fixture.deliver(MediaFixture.originalKey(tenant, id));
        JsonNode item = fixture.item(tenant, id);
        assertEquals("rejected", item.path("status").asText(), item::toString);
        assertEquals("empty", item.path("reasonCode").asText());
    }

    @Test
    void thePresignedPut_refusesAnotherLength_orAnotherType() {
        SeededTenant tenant = fixture.newTenant();
        byte[] png = TestImages.png(64, 64);
        JsonNode created = fixture.create(tenant, "x.png", "image/png", png.length);
        String url = created.path("uploadUrl").asText();

        byte[] bigger = java.util.Arrays.copyOf(png, png.length + 100);
        byte[] smaller = java.util.Arrays.copyOf(png, png.length - 10);
        assertEquals(403, fixture.upload(url, "image/png", bigger), "bigger than declared");
        assertEquals(403, fixture.upload(url, "image/png", smaller), "smaller than declared");
        assertEquals(403, fixture.upload(url, "image/jpeg", png), "another content type");
        assertEquals(403, fixture.upload(url, null, png), "no content type");
        assertEquals(
                List.of(),
                fixture.keysUnder(
                        MediaFixture.originalKey(tenant, created.path("id").asText())));
        assertEquals(200, fixture.upload(url, "image/png", png), "the declared upload");
    }

    @Test
    void theWorker_checksTheRealSize_againstTheDeclaredOne_andThePlan() {
        SeededTenant tenant = fixture.newTenant();
        byte[] png = TestImages.png(64, 64);
        String other = fixture.create(tenant, "x.png", "image/png", png.length + 5)
                .path("id")
                .asText();
        fixture.putObject(MediaFixture.originalKey(tenant, other), png);
        fixture.deliver(MediaFixture.originalKey(tenant, other));
        assertEquals(
                "size_mismatch", fixture.item(tenant, other).path("reasonCode").asText());

        String big = fixture.create(tenant, "big.png", "image/png", 5L * 1024 * 1024)
                .path("id")
                .asText();
        fixture.putObject(MediaFixture.originalKey(tenant, big), new byte[5 * 1024 * 1024 + 1]);
        fixture.deliver(MediaFixture.originalKey(tenant, big));
        JsonNode item = fixture.item(tenant, big);
        assertEquals("too_large", item.path("reasonCode").asText(), item::toString);
        assertEquals(List.of(), fixture.keysUnder(MediaFixture.originalKey(tenant, big)), "refused upload removed");
    }

    // ------------------------------------------------------------------ idempotency and isolation of failures

    @Test
    void aRedeliveredNotification_changesNothing_andWritesNoVariantAgain() {
        SeededTenant tenant = fixture.newTenant();
        JsonNode first = fixture.uploadAndProcess(tenant, "once.png", "image/png", TestImages.png(300, 300));
        String id = first.path("id").asText();
        String thumb = "tenants/" + tenant.tenantId() + "/media/" + id + "/thumb";
        fixture.aws.s3().deleteObject(r -> r.bucket(fixture.bucket).key(thumb));

        SQSBatchResponse again = fixture.deliver(MediaFixture.originalKey(tenant, id));

        assertEquals(List.of(), again.getBatchItemFailures());
        JsonNode after = fixture.item(tenant, id);
        assertEquals(first.path("version").asLong(), after.path("version").asLong(), "no second state change");
        assertEquals(first.path("updatedAt"), after.path("updatedAt"));
        assertEquals(List.of(), fixture.keysUnder(thumb), "the variant was not written again");
        var events = OutboxEvents.webhookEvents(fixture.context, tenant.tenantId());
        assertEquals(1, events.size(), "media.ready once, with the transition to ready: " + events);
        assertEquals("media.ready", events.getFirst().path("type").asText());
        assertEquals(id, events.getFirst().path("data").path("id").asText());
    }

    @Test
    void twoWorkersOnOneUpload_makeOneStateChange() throws Exception {
        SeededTenant tenant = fixture.newTenant();
        byte[] jpeg = TestImages.jpeg(1600, 1200);
        JsonNode created = fixture.create(tenant, "race.jpg", "image/jpeg", jpeg.length);
        String id = created.path("id").asText();
        assertEquals(200, fixture.upload(created.path("uploadUrl").asText(), "image/jpeg", jpeg));

        CountDownLatch go = new CountDownLatch(1);
        Callable<SQSBatchResponse> worker = () -> {
            go.await();
            return fixture.deliver(MediaFixture.originalKey(tenant, id));
        };
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<SQSBatchResponse>> runs = List.of(pool.submit(worker), pool.submit(worker));
        go.countDown();
        int failures = 0;
        for (Future<SQSBatchResponse> run : runs) {
            failures += run.get().getBatchItemFailures().size();
        }
        pool.shutdown();

        JsonNode item = fixture.item(tenant, id);
        assertEquals("ready", item.path("status").asText(), item::toString);
        // awaiting_upload (1) → processing (2) → ready (3): one claim, one completion.
        assertEquals(3, item.path("version").asLong(), item::toString);
        assertTrue(failures <= 1, "the loser backs off (its message comes back later): " + failures);
        assertEquals(
                List.of(), fixture.deliver(MediaFixture.originalKey(tenant, id)).getBatchItemFailures());
        assertEquals(3, fixture.item(tenant, id).path("version").asLong());
    }

    @Test
    void poisonMessages_areDeadLetteredAtOnce_andAcknowledged_andTheRestOfTheirBatchIsProcessed() {
        SeededTenant tenant = fixture.newTenant();
        byte[] png = TestImages.png(200, 100);
        JsonNode created = fixture.create(tenant, "ok.png", "image/png", png.length);
        String id = created.path("id").asText();
        assertEquals(200, fixture.upload(created.path("uploadUrl").asText(), "image/png", png));
        String deadLetters = fixture.aws.resources().queueUrl("MediaDeadLetterQueue");
        fixture.aws.sqs().purgeQueue(r -> r.queueUrl(deadLetters));

        var poison = MediaFixture.message("this is not JSON {");
        var empty = MediaFixture.message("{\"Records\": null}");
        var good = MediaFixture.message(fixture.notification(MediaFixture.originalKey(tenant, id)));
        SQSBatchResponse response = fixture.deliverBodies(List.of(poison, good, empty));

        assertEquals(List.of(), response.getBatchItemFailures(), "acknowledged: they are in the dead-letter queue");
        List<String> dead = new ArrayList<>();
        for (int i = 0; i < 3 && dead.size() < 2; i++) {
            fixture.aws
                    .sqs()
                    .receiveMessage(r -> r.queueUrl(deadLetters)
                            .maxNumberOfMessages(10)
                            .waitTimeSeconds(1)
                            .messageAttributeNames("All"))
                    .messages()
                    .forEach(m -> {
                        assertTrue(m.messageAttributes().containsKey(io.tenantry.shared.queue.DeadLetters.REASON));
                        dead.add(m.body());
                    });
        }
        assertEquals(2, dead.size(), dead::toString);
        assertEquals(java.util.Set.of(poison.getBody(), empty.getBody()), java.util.Set.copyOf(dead));
        assertEquals("ready", fixture.item(tenant, id).path("status").asText());
    }

    @Test
    void aGoodNotificationNextToAPoisonOne_isProcessedOnce_andNotDeadLettered() {
        SeededTenant tenant = fixture.newTenant();
        byte[] png = TestImages.png(120, 80);
        JsonNode created = fixture.create(tenant, "twin.png", "image/png", png.length);
        String id = created.path("id").asText();
        assertEquals(200, fixture.upload(created.path("uploadUrl").asText(), "image/png", png));
        String deadLetters = fixture.aws.resources().queueUrl("MediaDeadLetterQueue");
        fixture.aws.sqs().purgeQueue(r -> r.queueUrl(deadLetters));

        var good = MediaFixture.message(fixture.notification(MediaFixture.originalKey(tenant, id)));
        SQSBatchResponse response = fixture.deliverBodies(List.of(good));

        assertEquals(List.of(), response.getBatchItemFailures());
        JsonNode item = fixture.item(tenant, id);
        assertEquals("ready", item.path("status").asText(), item::toString);
        assertEquals(3, item.path("version").asLong(), "one claim, one completion: " + item);
        assertEquals(
                List.of(),
                fixture.aws
                        .sqs()
                        .receiveMessage(r -> r.queueUrl(deadLetters).waitTimeSeconds(0))
                        .messages());
    }

    @Test
    void s3TestEvents_andKeysOutsideTheScheme_areAcknowledged_andTouchNothing() {
        String stray = "elsewhere/" + fixture.newTenant().tenantId() + "/original";
        fixture.putObject(stray, TestImages.text());
        var test = MediaFixture.message(
                "{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\",\"Time\":\"2026-11-22T10:00:00Z\","
                        + "\"Bucket\":\"" + fixture.bucket
                        + "\",\"RequestId\":\"5582815E1AEA5ADF\",\"HostId\":\"8cLeGAmw\"}");
        var outside = MediaFixture.message(fixture.notification(stray));
        var traversal = MediaFixture.message(
                fixture.notification("tenants/" + fixture.newTenant().tenantId() + "/media/../../x/original"));

        SQSBatchResponse response = fixture.deliverBodies(List.of(test, outside, traversal));

        assertEquals(List.of(), response.getBatchItemFailures());
        assertEquals(List.of(stray), fixture.keysUnder(stray), "an object outside the scheme is never deleted");
    }

    @Test
    void anUploadWithoutARecord_isRemoved() {
        SeededTenant tenant = fixture.newTenant();
        String unknown = "med_01JD3Q5R7C0000000000000ZZZ";
        String key = MediaFixture.originalKey(tenant, unknown);
        fixture.putObject(key, TestImages.png(10, 10));

        assertEquals(List.of(), fixture.deliver(key).getBatchItemFailures());
        assertEquals(List.of(), fixture.keysUnder("tenants/" + tenant.tenantId() + "/"));
    }

    @Test
    void anUploadAfterTheItemWasDeleted_isRemoved_notProcessed() {
        SeededTenant tenant = fixture.newTenant();
        byte[] png = TestImages.png(50, 50);
        JsonNode created = fixture.create(tenant, "late.png", "image/png", png.length);
        String id = created.path("id").asText();
        assertEquals(
                204,
                io.tenantry.local.testkit.ApiResult.call(
                                fixture.delete, fixture.onMedia(tenant, "member", "DELETE", id))
                        .status());

        assertEquals(200, fixture.upload(created.path("uploadUrl").asText(), "image/png", png));
        assertEquals(
                List.of(), fixture.deliver(MediaFixture.originalKey(tenant, id)).getBatchItemFailures());

        assertEquals(List.of(), fixture.keysUnder("tenants/" + tenant.tenantId() + "/"));
        assertTrue(fixture.read(tenant, id).isProblem(404));
    }

    @Test
    void delete_removesTheRecord_andEveryObjectOfIt() {
        SeededTenant tenant = fixture.newTenant();
        JsonNode item = fixture.uploadAndProcess(tenant, "gone.png", "image/png", TestImages.png(400, 400));
        String id = item.path("id").asText();
        String prefix = "tenants/" + tenant.tenantId() + "/media/" + id + "/";
        assertEquals(2, fixture.keysUnder(prefix).size());

        var deleted = io.tenantry.local.testkit.ApiResult.call(
                fixture.delete, fixture.onMedia(tenant, "member", "DELETE", id));

        assertEquals(204, deleted.status(), deleted::toString);
        assertEquals(List.of(), fixture.keysUnder(prefix));
        assertTrue(fixture.read(tenant, id).isProblem(404));
        String thumbUrl = item.path("variants").get(0).path("url").asText();
        assertEquals(404, fixture.download(thumbUrl).statusCode());
    }

    @Test
    void theSnapStartHook_primesTheWholePath_withoutTouchingData_andTheFirstUploadAfterItIsProcessed() {
        PrimingGuard guard = fixture.context.getBean(PrimingGuard.class);
        Priming priming = fixture.context.getBean(Priming.class);
        int stopsBefore = guard.stops();
        int failuresBefore = priming.failures();
        fixture.sent.clear();

        fixture.worker.beforeCheckpoint(null);

        assertEquals(failuresBefore, priming.failures(), "every step reached its write, and it stopped");
        assertTrue(
                guard.stops() - stopsBefore >= 2 * 20,
                "the variants' upload and the upload's removal, stopped in every round");
        List<String> sent = fixture.sent.calls();
        assertEquals(List.of(), fixture.sent.notReads(), "only reads went out");
        assertTrue(sent.contains("S3.HeadObject"), "the upload's size was read: " + sent);
        assertEquals(List.of(), fixture.keysUnder("tenants/" + Priming.TENANT_ID + "/"));

        SeededTenant tenant = fixture.newTenant();
        fixture.sent.clear();
        JsonNode item = fixture.uploadAndProcess(tenant, "first.png", "image/png", TestImages.png(400, 300));

        assertEquals("ready", item.path("status").asText(), item::toString);
        assertTrue(fixture.sent.calls().contains("S3.PutObject"), fixture.sent.calls()::toString);
    }

    // ------------------------------------------------------------------ helpers

    private static JsonNode assertRejected(String fileName, String contentType, byte[] bytes, String reasonCode) {
        SeededTenant tenant = fixture.newTenant();
        JsonNode item = fixture.uploadAndProcess(tenant, fileName, contentType, bytes);
        assertEquals("rejected", item.path("status").asText(), item::toString);
        assertEquals(reasonCode, item.path("reasonCode").asText(), item::toString);
        assertFalse(item.path("reason").asText().isBlank(), item::toString);
        assertFalse(item.has("variants"), item::toString);
        String prefix =
                "tenants/" + tenant.tenantId() + "/media/" + item.path("id").asText() + "/";
        assertEquals(List.of(), fixture.keysUnder(prefix), "a refused upload is not kept");
        var events = OutboxEvents.webhookEvents(fixture.context, tenant.tenantId());
        assertEquals(1, events.size(), events::toString);
        assertEquals("media.rejected", events.getFirst().path("type").asText());
        assertEquals(reasonCode, events.getFirst().path("data").path("reason").asText());
        return item;
    }

    private static void assertVariants(JsonNode item, String type, int thumbW, int thumbH, int mediumW, int mediumH) {
        JsonNode variants = item.path("variants");
        assertEquals(2, variants.size(), item::toString);
        assertVariant(variants.get(0), "thumb", type, thumbW, thumbH);
        assertVariant(variants.get(1), "medium", type, mediumW, mediumH);
    }

    private static void assertVariant(JsonNode variant, String name, String type, int width, int height) {
        assertEquals(name, variant.path("name").asText());
        assertEquals(width, variant.path("width").asInt(), name);
        assertEquals(height, variant.path("height").asInt(), name);
        assertEquals(type, variant.path("contentType").asText(), name);
        HttpResponse<byte[]> download = fixture.download(variant.path("url").asText());
        assertEquals(200, download.statusCode(), name + " download");
        assertEquals(variant.path("sizeBytes").asLong(), download.body().length, name + " size");
        assertEquals(type, download.headers().firstValue("Content-Type").orElse(""), name + " Content-Type");
        BufferedImage image = TestImages.read(download.body());
        assertEquals(width, image.getWidth(), name + " decoded width");
        assertEquals(height, image.getHeight(), name + " decoded height");
    }

    @Test
    void aProcessedImage_isMeteredOnce_andDeletingItGivesItsBytesBack() {
        SeededTenant tenant = fixture.newTenantOn("pro");
        JsonNode item = fixture.uploadAndProcess(tenant, "metered.png", "image/png", TestImages.png(800, 600));
        long variantBytes = 0;
        for (JsonNode variant : item.path("variants")) {
            variantBytes += fixture.download(variant.path("url").asText()).body().length;
        }
        io.tenantry.shared.metering.DailyUsage processed = usageToday(tenant);
        assertEquals(1, processed.mediaProcessed());
        assertTrue(processed.storageBytes() >= variantBytes, processed + " < " + variantBytes);

        var deleted = io.tenantry.local.testkit.ApiResult.call(
                fixture.delete,
                fixture.onMedia(tenant, "member", "DELETE", item.path("id").asText()));
        assertEquals(204, deleted.status(), deleted::toString);
        io.tenantry.shared.metering.DailyUsage after = usageToday(tenant);
        assertEquals(1, after.mediaProcessed());
        assertTrue(processed.storageBytes() - after.storageBytes() >= variantBytes, after + " vs " + processed);
    }

    static io.tenantry.shared.metering.DailyUsage usageToday(SeededTenant tenant) {
        fixture.context.getBean(io.tenantry.shared.metering.UsageMeter.class).flush();
        var reader = fixture.context.getBean(io.tenantry.shared.metering.UsageReader.class);
        return reader.daily(
                        io.tenantry.shared.auth.SystemAccess.forWorker(tenant.tenantId()),
                        reader.today(),
                        reader.today())
                .getFirst();
    }
}
