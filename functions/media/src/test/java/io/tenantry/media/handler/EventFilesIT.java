package io.tenantry.media.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.tenantry.local.testkit.ApiResult;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.local.testkit.Events;
import io.tenantry.local.testkit.TemplateFunctions.FunctionUnderTest;
import io.tenantry.media.image.TestImages;
import io.tenantry.media.model.CreateMediaRequest;
import io.tenantry.media.model.MediaRecord;
import io.tenantry.media.model.MediaStatus;
import io.tenantry.media.repository.MediaRepository;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.testing.EventFilesSuite;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Every media function answers its sample event as it implies. The item the events name is seeded
 * awaiting its upload, with a real PNG at the key the worker's S3 notification names; the worker
 * runs first, so the item the GET event reads is ready.
 */
@EmulatedAws
class EventFilesIT extends EventFilesSuite {
    EventFilesIT() {
        super("io.tenantry.media");
    }

    @Override
    protected void seed() {
        APIGatewayV2HTTPEvent event = Events.load("events/media/GetMediaFunction.json", APIGatewayV2HTTPEvent.class);
        TenantAccess access = tenants().admit(event);
        String id = event.getPathParameters().get("mediaId");
        MediaRepository media = context().getBean(MediaRepository.class);
        media.find(access, id)
                .ifPresent(old -> media.delete(access, id, old.version(), old.status() != MediaStatus.AWAITING_UPLOAD));
        byte[] png = TestImages.png(640, 480);
        media.create(
                access,
                MediaRecord.awaitingUpload(
                        id,
                        new CreateMediaRequest("team-photo.png", "image/png", png.length),
                        "2026-11-01T09:00:00Z",
                        "2026-11-01T09:15:00Z"),
                1_900_000_000L,
                Long.MAX_VALUE);
        aws().s3()
                .putObject(
                        r -> r.bucket(aws().resources().bucketName("MediaBucket"))
                                .key(MediaFixture.originalKey(access.tenantId(), id)),
                        RequestBody.fromBytes(png));
    }

    @Override
    protected void alsoCheck(FunctionUnderTest function, ApiResult result) {
        if (function.logicalId().equals("GetMediaFunction")) {
            assertEquals("ready", result.json().path("status").asText(), result::toString);
        }
    }
}
