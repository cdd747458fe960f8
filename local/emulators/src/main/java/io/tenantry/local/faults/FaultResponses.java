package io.tenantry.local.faults;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The error each service answers when it throttles or fails, in its own protocol, so that the SDK classifies it as it
 * would AWS's: DynamoDB's {@code ThrottlingException} and {@code InternalServerError} (JSON), SQS's {@code
 * ThrottlingException} and {@code InternalFailure} (JSON, or XML for the query protocol), S3's {@code SlowDown} (503)
 * and {@code InternalError} (XML).
 */
final class FaultResponses {
    private FaultResponses() {}

    static HttpMessage of(String service, Faults.Error error, HttpMessage request) {
        boolean throttling = error == Faults.Error.THROTTLING;
        String requestId = UUID.randomUUID().toString();
        return switch (service) {
            case "s3" -> s3(throttling, requestId, request.method().equals("HEAD"));
            case "dynamodb" ->
                json(
                        throttling ? 400 : 500,
                        "com.amazonaws.dynamodb.v20120810#"
                                + (throttling ? "ThrottlingException" : "InternalServerError"),
                        throttling ? "Rate of requests exceeds the allowed throughput." : "Internal server error",
                        requestId,
                        "application/x-amz-json-1.0");
            default ->
                request.header("X-Amz-Target").isPresent()
                        ? json(
                                throttling ? 400 : 500,
                                "com.amazonaws.sqs#" + (throttling ? "ThrottlingException" : "InternalFailure"),
                                throttling ? "Rate exceeded" : "The request processing has failed.",
                                requestId,
                                "application/x-amz-json-1.0")
                        : sqsXml(throttling, requestId);
        };
    }

    private static HttpMessage json(int status, String type, String message, String requestId, String contentType) {
        String body = "{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}";
        return message(status, contentType, body, requestId, "x-amzn-RequestId");
    }

    private static HttpMessage sqsXml(boolean throttling, String requestId) {
        String body = "<ErrorResponse><Error><Type>" + (throttling ? "Sender" : "Receiver") + "</Type><Code>"
                + (throttling ? "Throttling" : "InternalFailure") + "</Code><Message>"
                + (throttling ? "Rate exceeded" : "The request processing has failed.")
                + "</Message></Error><RequestId>" + requestId + "</RequestId></ErrorResponse>";
        return message(throttling ? 400 : 500, "text/xml", body, requestId, "x-amzn-RequestId");
    }

    private static HttpMessage s3(boolean throttling, String requestId, boolean head) {
        String body = head
                ? ""
                : "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>"
                        + (throttling ? "SlowDown" : "InternalError")
                        + "</Code><Message>"
                        + (throttling
                                ? "Please reduce your request rate."
                                : "We encountered an internal error. Please try again.")
                        + "</Message><RequestId>" + requestId + "</RequestId></Error>";
        return message(throttling ? 503 : 500, "application/xml", body, requestId, "x-amz-request-id");
    }

    private static HttpMessage message(
            int status, String contentType, String body, String requestId, String requestIdHeader) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        List<HttpMessage.Header> headers = new ArrayList<>();
        headers.add(new HttpMessage.Header("Content-Type", contentType));
        headers.add(new HttpMessage.Header("Content-Length", Integer.toString(bytes.length)));
        headers.add(new HttpMessage.Header(requestIdHeader, requestId));
        String reason = status == 503 ? "Service Unavailable" : status == 500 ? "Internal Server Error" : "Bad Request";
        return new HttpMessage("HTTP/1.1 " + status + " " + reason, headers, bytes, false);
    }
}
