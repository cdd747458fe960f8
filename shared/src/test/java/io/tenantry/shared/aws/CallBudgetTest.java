package io.tenantry.shared.aws;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenRequest;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.retries.api.TokenAcquisitionFailedException;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactionInProgressException;

/**
 * The retries DynamoDB calls rely on: an attempt that timed out while DynamoDB was still applying its transaction makes
 * the retry (same client token) meet it in progress; the SDK counts {@code TransactionInProgressException} among its
 * retryable answers, and the retry that comes after the first attempt landed answers success without applying it
 * again. A refusal is never retried, and the budget's attempts bound the retries.
 */
class CallBudgetTest {

    private static final TransactionInProgressException IN_PROGRESS = TransactionInProgressException.builder()
            .message("in progress")
            .statusCode(400)
            .awsErrorDetails(details("TransactionInProgressException"))
            .build();

    @Test
    void dynamoDb_retriesATransactionStillInProgress_butNotARefusal() {
        RetryStrategy strategy =
                AwsClientFactory.DYNAMODB.configuration().retryStrategy().orElseThrow();

        assertTrue(retries(strategy, IN_PROGRESS));
        assertFalse(retries(
                strategy,
                ConditionalCheckFailedException.builder()
                        .message("taken")
                        .statusCode(400)
                        .awsErrorDetails(details("ConditionalCheckFailedException"))
                        .build()));
    }

    @Test
    void dynamoDb_givesUpAfterItsAttempts() {
        RetryStrategy strategy =
                AwsClientFactory.DYNAMODB.configuration().retryStrategy().orElseThrow();
        var token = strategy.acquireInitialToken(AcquireInitialTokenRequest.create("dynamodb"))
                .token();
        TransactionInProgressException failure = IN_PROGRESS;
        for (int attempt = 1; attempt < AwsClientFactory.DYNAMODB.attempts(); attempt++) {
            token = strategy.refreshRetryToken(RefreshRetryTokenRequest.builder()
                            .token(token)
                            .failure(failure)
                            .build())
                    .token();
        }
        var last = token;
        assertThrows(
                TokenAcquisitionFailedException.class,
                () -> strategy.refreshRetryToken(RefreshRetryTokenRequest.builder()
                        .token(last)
                        .failure(failure)
                        .build()));
    }

    /** The error details the SDK gives a service's answer (its code, as DynamoDB sends it). */
    private static AwsErrorDetails details(String code) {
        return AwsErrorDetails.builder()
                .errorCode(code)
                .serviceName("DynamoDb")
                .errorMessage(code)
                .build();
    }

    private static boolean retries(RetryStrategy strategy, Throwable failure) {
        var token = strategy.acquireInitialToken(AcquireInitialTokenRequest.create("call"))
                .token();
        try {
            strategy.refreshRetryToken(RefreshRetryTokenRequest.builder()
                    .token(token)
                    .failure(failure)
                    .build());
            return true;
        } catch (TokenAcquisitionFailedException e) {
            return false;
        }
    }
}
