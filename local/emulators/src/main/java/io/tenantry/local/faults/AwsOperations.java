package io.tenantry.local.faults;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The AWS operation an HTTP request calls, named as in the service's API reference ({@code PutItem}, {@code
 * SendMessage}, {@code PutObject}): from the {@code X-Amz-Target} header for the JSON protocols, the {@code Action}
 * parameter for SQS's query protocol, and the method and path for S3 (path-style, as the functions call it locally).
 */
final class AwsOperations {
    private AwsOperations() {}

    static String of(String service, HttpMessage request) {
        return switch (service) {
            case "s3" -> s3(request);
            default ->
                request.header("X-Amz-Target")
                        .map(target -> target.substring(target.lastIndexOf('.') + 1))
                        .orElseGet(() -> queryAction(request));
        };
    }

    private static String queryAction(HttpMessage request) {
        String form = new String(request.body(), StandardCharsets.UTF_8);
        for (String pair : form.split("&")) {
            if (pair.startsWith("Action=")) {
                return URLDecoder.decode(pair.substring("Action=".length()), StandardCharsets.UTF_8);
            }
        }
        return "Unknown";
    }

    private static String s3(HttpMessage request) {
        String target = request.target();
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        String query = q < 0 ? "" : target.substring(q + 1);
        boolean object = path.indexOf('/', 1) > 0 && path.indexOf('/', 1) < path.length() - 1;
        return switch (request.method()) {
            case "PUT" ->
                object
                        ? (request.header("x-amz-copy-source").isPresent() ? "CopyObject" : "PutObject")
                        : "CreateBucket";
            case "GET" -> object ? "GetObject" : (query.contains("list-type=2") ? "ListObjectsV2" : "ListObjects");
            case "HEAD" -> object ? "HeadObject" : "HeadBucket";
            case "DELETE" -> object ? "DeleteObject" : "DeleteBucket";
            case "POST" -> query.startsWith("delete") || query.contains("&delete") ? "DeleteObjects" : "PostObject";
            default -> "Unknown";
        };
    }
}
