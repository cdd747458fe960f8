package io.tenantry.shared.metrics;

/**
 * Every metric name, dimension and property the functions emit, as docs/metrics.md lists them (a test
 * checks real output against that list). Each metric is emitted under the dimension set {@code
 * [Service]} and under {@code [Service, X]} for each dimension X of its kind; tenants are never a
 * dimension, only a property.
 */
public final class MetricNames {
    private MetricNames() {}

    // Dimensions.
    /** The stack the function belongs to ({@code POWERTOOLS_SERVICE_NAME}); in every dimension set. */
    public static final String SERVICE = "Service";
    /** A route's key with its space written as a colon (dimension values hold no whitespace): {@code GET:/v1/projects}. */
    public static final String ROUTE = "Route";
    /** The tenant's plan ({@code free}, {@code pro}, {@code enterprise}), or {@code none} when no tenant was admitted. */
    public static final String PLAN = "Plan";
    /** A queue worker, by its handler's name less "Handler": {@code InvoiceQueue}. */
    public static final String WORKER = "Worker";
    /** A function that is neither a route nor a worker (schedule, trigger, direct invocation): {@code CostExport}. */
    public static final String FUNCTION = "Function";

    /**
     * {@code <function name>:<version>}, on the lines of requests answered 5xx only: the rollback alarm of a
     * function's new version reads its {@code ServerErrors} (docs/operations.md, "Safe deploys").
     */
    public static final String FUNCTION_VERSION = "FunctionVersion";

    /** The {@link #PLAN} of a request no tenant was admitted to (public routes, refusals before admission). */
    public static final String NO_PLAN = "none";

    // Routes: dimensions Route and Plan.
    public static final String REQUESTS = "Requests";
    public static final String LATENCY = "Latency";
    public static final String CLIENT_ERRORS = "ClientErrors";
    public static final String SERVER_ERRORS = "ServerErrors";
    public static final String THROTTLES = "Throttles";

    // Workers: dimension Worker, one line per batch.
    public static final String MESSAGES = "Messages";
    public static final String MESSAGE_FAILURES = "MessageFailures";
    public static final String MESSAGES_DEAD_LETTERED = "MessagesDeadLettered";
    public static final String OLDEST_MESSAGE_AGE = "OldestMessageAge";

    // Other functions: dimension Function.
    public static final String INVOCATIONS = "Invocations";
    public static final String INVOCATION_ERRORS = "InvocationErrors";
    public static final String DURATION = "Duration";

    // Every kind, on an instance's first invocation.
    public static final String COLD_STARTS = "ColdStarts";
    public static final String SNAPSTART_RESTORES = "SnapStartRestores";

    // Business: dimension Plan.
    public static final String SIGN_UPS = "SignUps";
    public static final String OFFBOARDINGS = "Offboardings";
    public static final String UPLOADS_PROCESSED = "UploadsProcessed";
    public static final String INVOICES_RENDERED = "InvoicesRendered";
    public static final String EMAILS_SENT = "EmailsSent";
    public static final String EMAILS_CAPPED = "EmailsCapped";
    public static final String WEBHOOKS_DELIVERED = "WebhooksDelivered";
    public static final String WEBHOOK_DELIVERIES_FAILED = "WebhookDeliveriesFailed";

    // Properties (top-level members of the line: searchable in Logs Insights, keys of Contributor Insights rules).
    public static final String TENANT_ID = "TenantId";
    public static final String REQUEST_ID = "RequestId";
    public static final String STATUS_CODE = "StatusCode";
    public static final String BATCH_SIZE = "BatchSize";
}
