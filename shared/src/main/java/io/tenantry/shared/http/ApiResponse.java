package io.tenantry.shared.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a handler answers: a status, headers, and a body that is either an object to write as JSON
 * or bytes already written (an idempotent replay). {@link ApiRuntime} turns it into API Gateway's
 * response.
 */
public final class ApiResponse {
    public static final String JSON = "application/json; charset=utf-8";
    public static final String PROBLEM_JSON = "application/problem+json; charset=utf-8";

    private final int status;
    private final Object body;
    private final byte[] rawBody;
    private final Map<String, String> headers = new LinkedHashMap<>();

    private ApiResponse(int status, Object body, byte[] rawBody) {
        this.status = status;
        this.body = body;
        this.rawBody = rawBody;
    }

    public static ApiResponse ok(Object body) {
        return new ApiResponse(200, body, null);
    }

    public static ApiResponse created(Object body, String location) {
        return new ApiResponse(201, body, null).header("Location", location);
    }

    public static ApiResponse accepted(Object body) {
        return new ApiResponse(202, body, null);
    }

    /** A problem+json response; {@link ProblemMapper} makes these. */
    static ApiResponse problem(io.tenantry.shared.problem.Problem problem) {
        return new ApiResponse(problem.status(), problem, null).header("Content-Type", PROBLEM_JSON);
    }

    public static ApiResponse noContent() {
        return new ApiResponse(204, null, null);
    }

    /** A 304 with no body, carrying the given headers of the 200 it stands for; {@link ConditionalGet} makes these. */
    static ApiResponse notModified(Map<String, String> headers) {
        ApiResponse response = new ApiResponse(304, null, null);
        response.headers.putAll(headers);
        return response;
    }

    /** A response whose body is already JSON bytes (with its content type in {@code headers}). */
    public static ApiResponse raw(int status, byte[] body, Map<String, String> headers) {
        ApiResponse response = new ApiResponse(status, null, body);
        response.headers.putAll(headers);
        return response;
    }

    public ApiResponse header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** Adds the strong validator {@code "<version>"} of the resource in the body. */
    public ApiResponse etag(long version) {
        return header("ETag", ETags.of(version));
    }

    public int status() {
        return status;
    }

    public Object body() {
        return body;
    }

    public byte[] rawBody() {
        return rawBody;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
