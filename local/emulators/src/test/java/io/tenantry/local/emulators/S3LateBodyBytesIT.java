package io.tenantry.local.emulators;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * An SDK's S3 write over plain HTTP is an aws-chunked body whose last two bytes s3proxy's decoder does not read. When
 * they reach the server after it has answered, the write must still be answered once, on a connection that stays
 * open, and stored once: a closed connection makes the SDK send the write again (two object events for one put).
 */
class S3LateBodyBytesIT {
    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static final byte[] CONTENT = "hello".getBytes(UTF_8);
    private final List<S3ObjectEvent> events = new CopyOnWriteArrayList<>();
    private EmbeddedAws aws;
    private String bucket;

    @BeforeEach
    void listen() {
        aws = SharedBackends.embedded();
        bucket = "late-body-bytes-" + BUCKETS.incrementAndGet();
        AwsClients.of(aws).s3().createBucket(r -> r.bucket(bucket));
        aws.onS3ObjectEvents(events::add);
    }

    @AfterEach
    void stopListening() {
        aws.onS3ObjectEvents(null);
    }

    @Test
    void aPutWhoseLastBytesArriveAfterTheAnswer_isStoredOnce_andItsConnectionServesTheNextRequest() throws Exception {
        assertAnsweredOnceOnAnOpenConnection("late.txt", 300);
    }

    @Test
    void aPutSentAtOnce_isStoredOnce_andItsConnectionServesTheNextRequest() throws Exception {
        assertAnsweredOnceOnAnOpenConnection("at-once.txt", 0);
    }

    private void assertAnsweredOnceOnAnOpenConnection(String key, long pauseBeforeLastBytesMillis) throws Exception {
        URI endpoint = aws.endpoints().s3();
        byte[] put = signedChunkedPut(endpoint, key);
        try (Socket socket = new Socket(endpoint.getHost(), endpoint.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(put, 0, put.length - 2);
            out.flush();
            Thread.sleep(pauseBeforeLastBytesMillis);
            out.write(put, put.length - 2, 2);
            out.flush();
            InputStream in = socket.getInputStream();
            List<String> answer = readHead(in);
            assertEquals("HTTP/1.1 200 OK", answer.get(0), answer::toString);
            assertFalse(
                    answer.stream().anyMatch(h -> h.toLowerCase(Locale.ROOT).equals("connection: close")),
                    answer::toString);

            out.write(("GET /" + bucket + "/" + key + " HTTP/1.1\r\nHost: " + endpoint.getAuthority()
                            + "\r\nConnection: close\r\n\r\n")
                    .getBytes(US_ASCII));
            out.flush();
            List<String> next = readHead(in);
            assertTrue(next.get(0).startsWith("HTTP/1.1 "), next::toString);
        }
        assertEquals(1, events.stream().filter(e -> e.key().equals(key)).count(), events::toString);
        assertEquals(
                "hello",
                AwsClients.of(aws)
                        .s3()
                        .getObjectAsBytes(r -> r.bucket(bucket).key(key))
                        .asUtf8String());
    }

    /** The bytes an SDK client sends for PutObject over HTTP: SigV4 headers and a body in signed aws-chunked form. */
    private byte[] signedChunkedPut(URI endpoint, String key) throws IOException {
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.PUT)
                .uri(URI.create(endpoint + "/" + bucket + "/" + key))
                .putHeader("Host", endpoint.getAuthority())
                .putHeader("Content-Length", Integer.toString(CONTENT.length))
                .build();
        SignedRequest signed = AwsV4HttpSigner.create()
                .sign(r -> r.identity(AwsBasicCredentials.create(aws.accessKeyId(), aws.secretAccessKey()))
                        .request(request)
                        .payload(ContentStreamProvider.fromByteArray(CONTENT))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, aws.region().id())
                        .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true)
                        .putProperty(AwsV4HttpSigner.CHUNK_ENCODING_ENABLED, true));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(("PUT " + signed.request().encodedPath() + " HTTP/1.1\r\n").getBytes(US_ASCII));
        signed.request()
                .forEachHeader((name, values) ->
                        values.forEach(value -> bytes.writeBytes((name + ": " + value + "\r\n").getBytes(US_ASCII))));
        bytes.writeBytes("\r\n".getBytes(US_ASCII));
        try (InputStream body = signed.payload().orElseThrow().newStream()) {
            body.transferTo(bytes);
        }
        return bytes.toByteArray();
    }

    /** The status line and headers of the next answer, and its body skipped by Content-Length. */
    private static List<String> readHead(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                String text = line.toString().stripTrailing();
                if (text.isEmpty()) {
                    break;
                }
                lines.add(text);
                line.setLength(0);
            } else {
                line.append((char) c);
            }
        }
        if (lines.isEmpty()) {
            throw new IOException("The connection ended before an answer");
        }
        long length = lines.stream()
                .filter(h -> h.toLowerCase(Locale.ROOT).startsWith("content-length:"))
                .mapToLong(h -> Long.parseLong(h.substring(h.indexOf(':') + 1).trim()))
                .findFirst()
                .orElse(0);
        in.skipNBytes(length);
        return lines;
    }
}
