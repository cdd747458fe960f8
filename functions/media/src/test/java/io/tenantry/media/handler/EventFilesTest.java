package io.tenantry.media.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.micronaut.context.ApplicationContext;
import io.tenantry.local.testkit.ApiResult;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.local.testkit.Events;
import io.tenantry.local.testkit.TemplateFunctions;
import io.tenantry.local.testkit.TemplateFunctions.FunctionUnderTest;
import io.tenantry.media.image.TestImages;
import io.tenantry.media.model.CreateMediaRequest;
import io.tenantry.media.model.MediaRecord;
import io.tenantry.media.repository.MediaRepository;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.http.ApiHandler;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every media function in template.yaml has a sample event that its handler answers as the event
 * implies. The media item the events name is seeded first, with a real PNG at the key the worker's
 * S3 notification names; the worker runs first (the item becomes ready), delete runs last.
 */
@EmulatedAws
class EventFilesTest {
    static final Map<String, Integer> EXPECTED = Map.of(
            "ListMediaFunction", 200,
            "CreateMediaFunction", 201,
            "GetMediaFunction", 200,
            "DeleteMediaFunction", 204);

    static MediaFixture fixture;
    static List<FunctionUnderTest> functions;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        fixture = new MediaFixture(aws);
        functions = TemplateFunctions.inPackage(aws.template(), "io.tenantry.media");
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    /** The item of the GET event, awaiting the upload that the worker's event announces, and that upload. */
    static void seedTheEventsMedia() {
        APIGatewayV2HTTPEvent event = Events.load("events/media/GetMediaFunction.json", APIGatewayV2HTTPEvent.class);
        TenantAccess access = fixture.tenants.admit(event);
        String id = event.getPathParameters().get("mediaId");
        MediaRepository media = fixture.context.getBean(MediaRepository.class);
        media.find(access, id).ifPresent(old -> media.delete(access, id, old.version()));
        byte[] png = TestImages.png(640, 480);
        String now = "2026-11-01T09:00:00Z";
        media.create(
                access,
                MediaRecord.awaitingUpload(
                        id,
                        new CreateMediaRequest("team-photo.png", "image/png", png.length),
                        now,
                        "2026-11-01T09:15:00Z"),
                1_900_000_000L,
                Long.MAX_VALUE);
        fixture.putObject(MediaFixture.originalKey(access.tenantId(), id), png);
    }

    @Test
    void everyFunction_answersItsSampleEvent_withTheOutcomeItImplies() throws Exception {
        assertEquals(
                EXPECTED.keySet().stream().collect(Collectors.toSet()),
                functions.stream()
                        .map(FunctionUnderTest::logicalId)
                        .filter(id -> !id.equals("MediaQueueFunction"))
                        .collect(Collectors.toSet()));
        seedTheEventsMedia();

        FunctionUnderTest queue = functions.stream()
                .filter(f -> f.logicalId().equals("MediaQueueFunction"))
                .findFirst()
                .orElseThrow();
        MediaQueueHandler worker = (MediaQueueHandler) Class.forName(queue.handlerClass())
                .getConstructor(ApplicationContext.class)
                .newInstance(fixture.context);
        SQSBatchResponse response = worker.handleRequest(Events.load(queue.eventFile(), SQSEvent.class), null);
        assertEquals(List.of(), response.getBatchItemFailures(), "MediaQueueFunction");

        List<FunctionUnderTest> deleteLast = functions.stream()
                .filter(f -> !f.logicalId().equals("MediaQueueFunction"))
                .sorted(Comparator.comparing(f -> f.logicalId().startsWith("Delete")))
                .toList();
        for (FunctionUnderTest function : deleteLast) {
            ApiHandler handler = (ApiHandler) Class.forName(function.handlerClass())
                    .getConstructor(ApplicationContext.class)
                    .newInstance(fixture.context);
            ApiResult result = ApiResult.call(handler, Events.load(function.eventFile(), APIGatewayV2HTTPEvent.class));
            assertEquals(EXPECTED.get(function.logicalId()), result.status(), function + ": " + result);
            if (function.logicalId().equals("GetMediaFunction")) {
                assertEquals("ready", result.json().path("status").asText(), result::toString);
            }
        }
    }
}
