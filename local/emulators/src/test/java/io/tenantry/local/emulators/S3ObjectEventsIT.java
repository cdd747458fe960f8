package io.tenantry.local.emulators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/** The embedded S3 tells a listener of each object written or removed, as bucket notifications need. */
class S3ObjectEventsIT {
    private static final String BUCKET = "object-events-test";
    private final List<S3ObjectEvent> events = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopListening() {
        SharedBackends.embedded().onS3ObjectEvents(null);
    }

    @Test
    void putCopyAndDelete_areToldWithKeySizeAndETag() {
        EmbeddedAws aws = SharedBackends.embedded();
        AwsClients clients = AwsClients.of(aws);
        clients.s3().createBucket(r -> r.bucket(BUCKET));
        aws.onS3ObjectEvents(events::add);

        clients.s3().putObject(r -> r.bucket(BUCKET).key("in/a b.png"), RequestBody.fromString("hello"));
        clients.s3()
                .copyObject(r -> r.sourceBucket(BUCKET)
                        .sourceKey("in/a b.png")
                        .destinationBucket(BUCKET)
                        .destinationKey("copy.png"));
        clients.s3().deleteObject(r -> r.bucket(BUCKET).key("copy.png"));

        assertEquals(3, events.size(), events::toString);
        S3ObjectEvent put = events.get(0);
        assertEquals("ObjectCreated:Put", put.eventName());
        assertEquals(BUCKET, put.bucket());
        assertEquals("in/a b.png", put.key());
        assertEquals(5, put.size());
        assertEquals("5d41402abc4b2a76b9719d911017c592", put.eTag());
        assertEquals("ObjectCreated:Copy", events.get(1).eventName());
        assertEquals("copy.png", events.get(1).key());
        S3ObjectEvent removed = events.get(2);
        assertEquals("ObjectRemoved:Delete", removed.eventName());
        assertNull(removed.eTag());
    }

    @Test
    void withoutAListener_writesWorkAsBefore_andAFailingListenerDoesNotFailTheWrite() {
        EmbeddedAws aws = SharedBackends.embedded();
        AwsClients clients = AwsClients.of(aws);
        clients.s3().createBucket(r -> r.bucket(BUCKET + "-2"));
        clients.s3().putObject(r -> r.bucket(BUCKET + "-2").key("quiet.txt"), RequestBody.fromString("x"));
        aws.onS3ObjectEvents(event -> {
            throw new IllegalStateException("listener bug");
        });
        clients.s3().putObject(r -> r.bucket(BUCKET + "-2").key("loud.txt"), RequestBody.fromString("y"));
        assertEquals(
                "y",
                clients.s3()
                        .getObjectAsBytes(r -> r.bucket(BUCKET + "-2").key("loud.txt"))
                        .asUtf8String());
    }
}
