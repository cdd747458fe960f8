package io.tenantry.shared.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.tenantry.shared.aws.TenantScope;
import java.util.List;
import java.util.Optional;
import org.slf4j.MDC;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * One client span per AWS call (DynamoDB, SQS, S3, STS, Secrets Manager), its retries included, named {@code
 * Service.Operation}, child of the invocation's X-Ray trace. Each carries the route or worker it was made for ({@link
 * CurrentRoute}) and the tenant: the {@link TenantScope}'s when the call is made in one, else the tenant the
 * invocation's logging context names ({@code tenantId}: set by admission for a route, from the message for a worker),
 * so a span and the log lines of its request name the same tenant. Both are marked as X-Ray annotations, so traces
 * can be searched by tenant and by route. A span also names the table, bucket, queue or secret, the AWS request id and,
 * when the call failed, the error code. It carries no key, item or message body.
 *
 * <p>Every SDK client the factories build has it. An invocation Lambda did not sample records nothing, and neither
 * does a call outside an invocation (tests), except in a priming run, whose spans are recorded and encoded so the
 * first sampled invocation finds the path warm, and never sent ({@link LambdaTraceHeader#PRIMING}).
 */
public final class AwsCallSpans implements ExecutionInterceptor {
    static final AttributeKey<String> TENANT = AttributeKey.stringKey("tenantry.tenant_id");
    static final AttributeKey<String> ROUTE = AttributeKey.stringKey("tenantry.route");
    static final AttributeKey<String> RPC_SYSTEM = AttributeKey.stringKey("rpc.system");
    static final AttributeKey<String> RPC_SERVICE = AttributeKey.stringKey("rpc.service");
    static final AttributeKey<String> RPC_METHOD = AttributeKey.stringKey("rpc.method");
    static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("aws.request_id");
    static final AttributeKey<String> RESOURCE = AttributeKey.stringKey("tenantry.aws_resource");
    static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    /** The attributes X-Ray indexes as annotations (searchable in filter expressions) instead of metadata. */
    static final AttributeKey<List<String>> XRAY_ANNOTATIONS = AttributeKey.stringArrayKey("aws.xray.annotations");

    /** The request fields that name the resource a call reaches, in the order they are looked for. */
    private static final List<String> RESOURCE_FIELDS = List.of("TableName", "Bucket", "QueueUrl", "SecretId");

    /** The logging context's key for the invocation's tenant. */
    public static final String LOGGED_TENANT = "tenantId";

    private static final ExecutionAttribute<Span> SPAN = new ExecutionAttribute<>("tenantry.span");

    private final Tracer tracer;
    private final LambdaTraceHeader header;
    private final CurrentRoute route;
    private final TenantScope scope;

    AwsCallSpans(Tracer tracer, LambdaTraceHeader header, CurrentRoute route, TenantScope scope) {
        this.tracer = tracer;
        this.header = header;
        this.route = route;
        this.scope = scope;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        io.opentelemetry.context.Context parent = header.parent();
        if (!Span.fromContext(parent).getSpanContext().isSampled()) {
            // The tracer's sampler follows the parent and is off without one (Tracing): no span would record, so none
            // is built (ids, a name, a builder: a measurable part of an unsampled request's overhead).
            return;
        }
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        Span span = tracer.spanBuilder(service + "." + operation)
                .setParent(parent)
                .setSpanKind(SpanKind.CLIENT)
                .startSpan();
        if (!span.isRecording()) {
            return;
        }
        span.setAttribute(RPC_SYSTEM, "aws-api");
        span.setAttribute(RPC_SERVICE, service);
        span.setAttribute(RPC_METHOD, operation);
        resourceOf(context.request()).ifPresent(resource -> span.setAttribute(RESOURCE, resource));
        route.get().ifPresent(name -> span.setAttribute(ROUTE, name));
        scope.current()
                .map(TenantScope.Current::tenantId)
                .or(() -> Optional.ofNullable(MDC.get(LOGGED_TENANT)))
                .ifPresent(tenant -> span.setAttribute(TENANT, tenant));
        span.setAttribute(XRAY_ANNOTATIONS, List.of(TENANT.getKey(), ROUTE.getKey()));
        attributes.putAttribute(SPAN, span);
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        Span span = attributes.getAttribute(SPAN);
        if (span == null) {
            return;
        }
        answered(span, context.httpResponse());
        span.end();
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        Span span = attributes.getAttribute(SPAN);
        if (span == null) {
            return;
        }
        context.httpResponse().ifPresent(response -> answered(span, response));
        Throwable failure = context.exception();
        String type = failure instanceof AwsServiceException service && service.awsErrorDetails() != null
                ? service.awsErrorDetails().errorCode()
                : failure.getClass().getSimpleName();
        span.setAttribute(ERROR_TYPE, type);
        span.setStatus(StatusCode.ERROR, type);
        span.end();
    }

    private static void answered(Span span, SdkHttpResponse response) {
        span.setAttribute(STATUS, (long) response.statusCode());
        response.firstMatchingHeader(List.of("x-amzn-RequestId", "x-amz-request-id"))
                .ifPresent(id -> span.setAttribute(REQUEST_ID, id));
    }

    private static Optional<String> resourceOf(SdkRequest request) {
        for (String field : RESOURCE_FIELDS) {
            Optional<String> value = request.getValueForField(field, String.class);
            if (value.isPresent()) {
                return value;
            }
        }
        return Optional.empty();
    }
}
