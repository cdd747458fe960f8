package io.tenantry.local.backend.costmodel;

import java.util.List;

/**
 * One request an AWS SDK client (or the harness, for presigned URLs) made to an emulator, as {@link RecordingProxy}
 * saw it.
 *
 * @param readUnits DynamoDB read request units the response reported as consumed
 * @param writeUnits DynamoDB write request units the response reported as consumed
 * @param capacityReported whether a DynamoDB response carried {@code ConsumedCapacity} (errors do not)
 * @param reportedUnits the capacity units the response reported, in all
 * @param unitsByRule whether {@code readUnits}/{@code writeUnits} were computed by DynamoDB's published rule from the
 *     sizes of the items involved, because DynamoDB Local's report is not DynamoDB's (transactions)
 * @param consistentRead whether a DynamoDB read asked for strong consistency
 * @param items the items a DynamoDB {@code Query} or {@code Scan} returned ({@code Count}), -1 for other requests
 * @param messages the messages an SQS {@code ReceiveMessage} returned
 * @param objectBytes the bytes of an object an S3 PUT stored
 * @param deletedKeys the objects an S3 delete removed
 * @param detail for DynamoDB, the keys the request names (for the harness's dump)
 * @param upstreamNanos how long the emulator took to answer (the rest of {@link #nanos} is the proxy's)
 * @param elements the audit events and outbox entries a {@code TransactWriteItems} wrote beside the change, with
 *     their share of its write units ({@link Elements#NONE} for any other request)
 */
record AwsCall(
        long startedNanos,
        long nanos,
        Service service,
        String operation,
        Purpose purpose,
        int status,
        String error,
        double readUnits,
        double writeUnits,
        boolean capacityReported,
        double reportedUnits,
        boolean unitsByRule,
        boolean consistentRead,
        int items,
        int messages,
        S3Class s3Class,
        String bucket,
        String key,
        long objectBytes,
        List<String> deletedKeys,
        long requestBytes,
        long responseBytes,
        String detail,
        long upstreamNanos,
        Elements elements) {

    /**
     * The elements of a transaction that are not the change itself: audit events ({@code AUDIT#…}) and outbox
     * entries ({@code OUTBOX#…}), written in the same {@code TransactWriteItems} as the change they record.
     */
    record Elements(int auditEvents, double auditWriteUnits, int outboxEntries, double outboxWriteUnits) {
        static final Elements NONE = new Elements(0, 0, 0, 0);
    }

    enum Service {
        DYNAMODB,
        SQS,
        S3
    }

    /** Why a DynamoDB request was made. */
    enum Purpose {
        /** The route's or the worker's own work (items, idempotency records, usage reads). */
        ROUTE("the route's own items"),
        /** A lease write on the tenant's token bucket ({@code TENANT#<id>#RATE}). */
        RATE_LIMITER("rate limiter: lease writes"),
        /** The rate limiter's read of the tenant's plan (once a minute per tenant and instance). */
        PLAN_LOOKUP("rate limiter: plan lookups"),
        /** The usage aggregator's transaction (usage lines counted into the table). */
        METERING("metering: usage lines counted"),
        /** A day's set of active users ({@code ACTIVE#<day>} in a usage shard), added to beside each usage batch. */
        ACTIVITY("analytics: active users"),
        /** An audit event written after a successful change ({@code AUDIT#<id>} in the tenant's partition). */
        AUDIT("audit events"),
        /** Not a DynamoDB data request. */
        NONE("-");

        final String label;

        Purpose(String label) {
            this.label = label;
        }
    }

    /** How S3 prices a request: the PUT/COPY/POST/LIST class, the GET class (GET, HEAD, others), or free (DELETE). */
    enum S3Class {
        PUT,
        GET,
        FREE
    }

    boolean isDynamoDb() {
        return service == Service.DYNAMODB;
    }

    boolean isSqs() {
        return service == Service.SQS;
    }

    boolean isS3() {
        return service == Service.S3;
    }

    /**
     * A Query or Scan that returned nothing. DynamoDB Local reports 0 consumed capacity for it; DynamoDB charges a
     * read of at least 0.5 RRU (eventually consistent) for any read request.
     */
    boolean isEmptyRead() {
        return isDynamoDb() && items == 0;
    }

    /** What DynamoDB's minimum charge for a read would add to what was reported, for an empty read. */
    double emptyReadShortfall() {
        return isEmptyRead() ? Math.max(0, (consistentRead ? 1.0 : 0.5) - readUnits) : 0;
    }

    /** A receive that returned nothing: the pollers' idle long polls, a cost per queue, not per message. */
    boolean isEmptyReceive() {
        return isSqs() && operation.equals("ReceiveMessage") && messages == 0;
    }

    /** SQS bills each 64 KB chunk of a request's payload as one request. */
    long sqsBilledRequests() {
        long payload = Math.max(requestBytes, responseBytes);
        return Math.max(1, (payload + 65_535) / 65_536);
    }

    static final class Builder {
        private final long started;
        private Service service;
        private String operation = "?";
        private Purpose purpose = Purpose.NONE;
        private int status;
        private String error;
        private double readUnits;
        private double writeUnits;
        private boolean capacityReported;
        private double reportedUnits;
        private boolean unitsByRule;
        private boolean consistentRead;
        private int items = -1;
        private int messages;
        private S3Class s3Class;
        private String bucket;
        private String key;
        private long objectBytes;
        private List<String> deletedKeys = List.of();
        private long requestBytes;
        private long responseBytes;
        private String detail = "";
        private long upstreamNanos;
        private Elements elements = Elements.NONE;

        Builder(long started) {
            this.started = started;
        }

        Service service() {
            return service;
        }

        String operation() {
            return operation;
        }

        Builder service(Service value) {
            service = value;
            return this;
        }

        Builder operation(String value) {
            operation = value;
            return this;
        }

        Builder purpose(Purpose value) {
            purpose = value;
            return this;
        }

        Builder status(int value) {
            status = value;
            return this;
        }

        Builder error(String value) {
            error = value;
            return this;
        }

        Builder failed(String value) {
            status = 502;
            error = value;
            return this;
        }

        Builder addUnits(double read, double write) {
            readUnits += read;
            writeUnits += write;
            return this;
        }

        Builder capacityReported(boolean value) {
            capacityReported = value;
            return this;
        }

        Builder reportedUnits(double value) {
            reportedUnits += value;
            return this;
        }

        /** Replaces the units with those computed by DynamoDB's rule. */
        Builder unitsByRule(double read, double write) {
            readUnits = read;
            writeUnits = write;
            unitsByRule = true;
            return this;
        }

        Builder elements(Elements value) {
            elements = value;
            return this;
        }

        Builder consistentRead(boolean value) {
            consistentRead = value;
            return this;
        }

        Builder items(int value) {
            items = value;
            return this;
        }

        Builder messages(int value) {
            messages = value;
            return this;
        }

        Builder s3Class(S3Class value) {
            s3Class = value;
            return this;
        }

        Builder bucket(String value) {
            bucket = value;
            return this;
        }

        Builder key(String value) {
            key = value;
            return this;
        }

        Builder objectBytes(long value) {
            objectBytes = value;
            return this;
        }

        Builder deletedKeys(List<String> value) {
            deletedKeys = List.copyOf(value);
            return this;
        }

        Builder requestBytes(long value) {
            requestBytes = value;
            return this;
        }

        Builder responseBytes(long value) {
            responseBytes = value;
            return this;
        }

        Builder detail(String value) {
            detail = value;
            return this;
        }

        Builder upstream(long nanos) {
            upstreamNanos = nanos;
            return this;
        }

        AwsCall build(long endedNanos) {
            return new AwsCall(
                    started,
                    endedNanos - started,
                    service,
                    operation,
                    purpose,
                    status,
                    error,
                    readUnits,
                    writeUnits,
                    capacityReported,
                    reportedUnits,
                    unitsByRule,
                    consistentRead,
                    items,
                    messages,
                    s3Class,
                    bucket,
                    key,
                    objectBytes,
                    deletedKeys,
                    requestBytes,
                    responseBytes,
                    detail,
                    upstreamNanos,
                    elements);
        }
    }
}
