package io.tenantry.notifications.repository;

import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.data.TenantItems;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * What the worker has sent, in the tenant's partition: one record per email ({@code EMAIL#<id>}, kept 30 days), and
 * one count per tenant per UTC day ({@code EMAILDAY#<date>}, kept 3 days). Claiming an email writes both in one
 * transaction, whose condition keeps the day's count at or under the cap: an email is counted once, when first
 * claimed, and one past the cap is not sent. Both go with the tenant's partition when it is purged.
 *
 * <p>A claim is {@code sending} until {@link #markSent}: a worker that dies between SES's answer and the mark leaves
 * a claim that a later delivery takes over after {@link #CLAIM_TIMEOUT} and sends again (at least once, never
 * more than once per delivery that claimed it).
 */
@Singleton
public class EmailLog {
    static final String PREFIX = "EMAIL#";
    static final String DAY_PREFIX = "EMAILDAY#";
    static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration KEPT = Duration.ofDays(30);
    private static final Duration DAY_KEPT = Duration.ofDays(3);

    private final DynamoDbClient dynamoDb;
    private final TenantItems items;

    public EmailLog(DynamoDbClient dynamoDb, TenantItems items) {
        this.dynamoDb = dynamoDb;
        this.items = items;
    }

    /** What a claim found. */
    public enum Claim {
        /** This delivery sends the email. */
        SEND,
        /** The email was sent already. */
        SENT,
        /** Another delivery is sending it just now: try again later. */
        BUSY,
        /** The tenant has caused its day's cap of emails: it is not sent. */
        CAPPED
    }

    public Claim claim(TenantAccess access, String emailId, int dailyCap, Instant now) {
        String key = PREFIX + emailId;
        String day = DAY_PREFIX + LocalDate.ofInstant(now, ZoneOffset.UTC);
        try {
            dynamoDb.transactWriteItems(b -> b.transactItems(List.of(
                    items.createInTransaction(
                            access,
                            key,
                            Map.of(
                                    "state", AttributeValue.fromS("sending"),
                                    "claimedAt", number(now.toEpochMilli()),
                                    "expiresAt", number(now.plus(KEPT).getEpochSecond()))),
                    items.updateInTransaction(
                            access,
                            day,
                            "SET expiresAt = :expires ADD #sent :one",
                            "attribute_not_exists(#sent) OR #sent < :cap",
                            Map.of("#sent", "sent"),
                            Map.of(
                                    ":one",
                                    number(1),
                                    ":cap",
                                    number(dailyCap),
                                    ":expires",
                                    number(now.plus(DAY_KEPT).getEpochSecond()))))));
            return Claim.SEND;
        } catch (TransactionCanceledException e) {
            if (failed(e, 0)) {
                return reclaim(access, key, now);
            }
            if (failed(e, 1)) {
                return Claim.CAPPED;
            }
            throw e;
        }
    }

    /** The email was accepted by SES. */
    public void markSent(TenantAccess access, String emailId, String messageId, Instant now) {
        items.updateIf(
                access,
                PREFIX + emailId,
                "SET #state = :sent, sentAt = :now, messageId = :messageId",
                "attribute_exists(PK)",
                Map.of("#state", "state"),
                Map.of(
                        ":sent",
                        AttributeValue.fromS("sent"),
                        ":now",
                        AttributeValue.fromS(now.toString()),
                        ":messageId",
                        AttributeValue.fromS(messageId)));
    }

    /** An existing claim: sent, still being sent, or abandoned (then this delivery takes it over). */
    private Claim reclaim(TenantAccess access, String key, Instant now) {
        var existing = items.get(access, key).orElse(null);
        if (existing == null) {
            return Claim.BUSY; // gone between the two calls: the next delivery claims afresh
        }
        if ("sent".equals(existing.string("state"))) {
            return Claim.SENT;
        }
        long claimedAt = existing.number("claimedAt");
        if (now.toEpochMilli() - claimedAt < CLAIM_TIMEOUT.toMillis()) {
            return Claim.BUSY;
        }
        return items.updateIf(
                                access,
                                key,
                                "SET claimedAt = :now",
                                "#state = :sending AND claimedAt = :seen",
                                Map.of("#state", "state"),
                                Map.of(
                                        ":now", number(now.toEpochMilli()),
                                        ":sending", AttributeValue.fromS("sending"),
                                        ":seen", number(claimedAt)))
                        .isPresent()
                ? Claim.SEND
                : Claim.BUSY;
    }

    private static boolean failed(TransactionCanceledException e, int index) {
        List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
        return reasons.size() > index
                && "ConditionalCheckFailed".equals(reasons.get(index).code());
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
