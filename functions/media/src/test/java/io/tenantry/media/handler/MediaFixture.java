package io.tenantry.media.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.ApplicationContext;
import io.tenantry.local.testkit.ApiEvent;
import io.tenantry.local.testkit.ApiResult;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.shared.plan.Plan;
import io.tenantry.shared.testing.SentCalls;
import io.tenantry.shared.testing.TestTenants;
import io.tenantry.shared.testing.TestTenants.SeededTenant;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The media handlers and the worker on one context, fresh tenants to call them as, and a client's
 * side of the flow: create, PUT the bytes to the presigned URL, deliver the bucket's notification
 * to the worker as the queue would, read the item, download its variants.
 */
final class MediaFixture implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    final AwsEnvironment aws;
    final ApplicationContext context;
    final ListMediaHandler list;
    final CreateMediaHandler create;
    final GetMediaHandler get;
    final DeleteMediaHandler delete;
    final MediaQueueHandler worker;
    final String bucket;
    final TestTenants tenants;
    /** The AWS calls the context's clients sent (an interceptor bean of the context). */
    final SentCalls sent = new SentCalls();

    final HttpClient http = HttpClient.newHttpClient();

    MediaFixture(AwsEnvironment aws) {
        this(aws, Map.of());
    }

    MediaFixture(AwsEnvironment aws, Map<String, Object> extraProperties) {
        this.aws = aws;
        Map<String, Object> properties = new HashMap<>(aws.micronautProperties("MediaQueueFunction"));
        properties.putAll(extraProperties);
        context = ApplicationContext.builder()
                .properties(properties)
                .singletons(sent)
                .start();
        list = new ListMediaHandler(context);
        create = new CreateMediaHandler(context);
        get = new GetMediaHandler(context);
        delete = new DeleteMediaHandler(context);
        worker = new MediaQueueHandler(context);
        bucket = aws.resources().bucketName("MediaBucket");
        tenants = new TestTenants(context);
    }

    /** A new tenant on the free plan with a stored member of each role. */
    SeededTenant newTenant() {
        return tenants.create();
    }

    /** A new tenant on {@code plan} with a stored member of each role. */
    SeededTenant newTenantOn(String plan) {
        return tenants.create(Plan.fromWireName(plan).orElseThrow());
    }

    ApiResult createResult(SeededTenant tenant, String fileName, String contentType, long sizeBytes) {
        return ApiResult.call(
                create,
                tenant.as("member", "POST", "/v1/media")
                        .json("{\"fileName\": \"" + fileName + "\", \"contentType\": \"" + contentType
                                + "\", \"sizeBytes\": " + sizeBytes + "}"));
    }

    /** Creates an item for {@code bytes} and returns the response body. */
    JsonNode create(SeededTenant tenant, String fileName, String contentType, long sizeBytes) {
        ApiResult created = createResult(tenant, fileName, contentType, sizeBytes);
        assertEquals(201, created.status(), created::toString);
        return created.json();
    }

    ApiEvent onMedia(SeededTenant tenant, String role, String method, String mediaId) {
        return tenant.as(role, method, "/v1/media/" + mediaId)
                .route(method + " /v1/media/{mediaId}")
                .pathParameter("mediaId", mediaId);
    }

    ApiResult read(SeededTenant tenant, String mediaId) {
        return ApiResult.call(get, onMedia(tenant, "viewer", "GET", mediaId));
    }

    JsonNode item(SeededTenant tenant, String mediaId) {
        ApiResult result = read(tenant, mediaId);
        assertEquals(200, result.status(), result::toString);
        return result.json();
    }

    /** PUTs {@code bytes} to a presigned URL as a browser or curl would; returns the HTTP status. */
    int upload(String url, String contentType, byte[] bytes) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        // A client of its own, so a new connection: s3proxy closes the connection after refusing a PUT, and a
        // pooled connection it has closed fails the next request with "header parser received no bytes".
        try (HttpClient fresh = HttpClient.newHttpClient()) {
            return fresh.send(request.build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** GETs a presigned URL: status and body. */
    HttpResponse<byte[]> download(String url) {
        try {
            return http.send(
                    HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String originalKey(SeededTenant tenant, String mediaId) {
        return originalKey(tenant.tenantId(), mediaId);
    }

    static String originalKey(String tenantId, String mediaId) {
        return "tenants/" + tenantId + "/media/" + mediaId + "/original";
    }

    /** Writes an object straight to the bucket, as a client that bypassed the presigned URL could not. */
    void putObject(String key, byte[] bytes) {
        aws.s3().putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
    }

    List<String> keysUnder(String prefix) {
        List<String> keys = new ArrayList<>();
        aws.s3().listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents().stream()
                .map(S3Object::key)
                .forEach(keys::add);
        return keys;
    }

    /** The S3 ObjectCreated notification of {@code key}, as the bucket sends it to the queue. */
    String notification(String key) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode record = root.putArray("Records").addObject();
        record.put("eventVersion", "2.1");
        record.put("eventSource", "aws:s3");
        record.put("awsRegion", "us-east-1");
        record.put("eventTime", "2026-11-22T10:00:00.000Z");
        record.put("eventName", "ObjectCreated:Put");
        ObjectNode s3 = record.putObject("s3");
        s3.put("s3SchemaVersion", "1.0");
        s3.putObject("bucket").put("name", bucket).put("arn", "arn:aws:s3:::" + bucket);
        s3.putObject("object").put("key", key).put("size", 0).put("sequencer", "0A1B2C");
        return root.toString();
    }

    static SQSEvent.SQSMessage message(String body) {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId(UUID.randomUUID().toString());
        message.setBody(body);
        message.setEventSource("aws:sqs");
        message.setAttributes(Map.of("ApproximateReceiveCount", "1"));
        return message;
    }

    /** Runs the worker on one batch of message bodies. */
    SQSBatchResponse deliverBodies(List<SQSEvent.SQSMessage> messages) {
        SQSEvent event = new SQSEvent();
        event.setRecords(messages);
        return worker.handleRequest(event, null);
    }

    /** Runs the worker on the notifications of {@code keys}, one message each, as one batch. */
    SQSBatchResponse deliver(String... keys) {
        List<SQSEvent.SQSMessage> messages = new ArrayList<>();
        for (String key : keys) {
            messages.add(message(notification(key)));
        }
        return deliverBodies(messages);
    }

    /** Create, upload through the presigned URL, deliver the notification; returns the item afterwards. */
    JsonNode uploadAndProcess(SeededTenant tenant, String fileName, String contentType, byte[] bytes) {
        JsonNode created = create(tenant, fileName, contentType, bytes.length);
        String id = created.path("id").asText();
        assertEquals(200, upload(created.path("uploadUrl").asText(), contentType, bytes), "presigned PUT");
        SQSBatchResponse response = deliver(originalKey(tenant, id));
        assertEquals(List.of(), response.getBatchItemFailures(), "batch item failures");
        return item(tenant, id);
    }

    @Override
    public void close() {
        context.close();
    }
}
