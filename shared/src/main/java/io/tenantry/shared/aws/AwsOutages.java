package io.tenantry.shared.aws;

import java.io.IOException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionInProgressException;

/**
 * Tells an AWS outage from a bug: a call that AWS could not serve just now (throttled, a 5xx, timed out, the network
 * failed) and that the SDK's retries did not get through, as opposed to a refusal (access denied, validation) that no
 * retry can change. An outage answers 503 with {@code Retry-After} on a route and redelivers a queue message; a bug
 * answers 500.
 */
public final class AwsOutages {
    /** How long a client should wait after an outage before it tries again, in seconds. */
    public static final long RETRY_AFTER_SECONDS = 2;

    private AwsOutages() {}

    /** Whether {@code failure}, or one of its causes, is an AWS outage. */
    public static boolean isOutage(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof TransactionCanceledException cancelled) {
                return cancelled.hasCancellationReasons()
                        && cancelled.cancellationReasons().stream()
                                .map(CancellationReason::code)
                                .anyMatch(code -> "ThrottlingError".equals(code)
                                        || "TransactionConflict".equals(code)
                                        || "ProvisionedThroughputExceeded".equals(code));
            }
            if (e instanceof TransactionInProgressException) {
                return true; // an earlier attempt of the same transaction is still being applied
            }
            if (e instanceof AwsServiceException service) {
                return service.isThrottlingException() || service.statusCode() >= 500;
            }
            if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
                return true;
            }
            if (e instanceof SdkClientException && hasIoCause(e)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasIoCause(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof IOException) {
                return true;
            }
        }
        return false;
    }
}
