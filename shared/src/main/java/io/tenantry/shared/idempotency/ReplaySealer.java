package io.tenantry.shared.idempotency;

/**
 * Seals the stored answer of a route whose answer carries a secret shown only once ({@link
 * io.tenantry.shared.http.Route#sealedReplay()}), so that an {@code Idempotency-Key} replay can give the same answer
 * without the secret ever lying in the table in clear. A context whose routes declare sealed replays provides one
 * bean; {@link Idempotency} refuses to store such an answer without it.
 */
public interface ReplaySealer {
    /** The answer, sealed and bound to {@code record} (the idempotency record's key): not readable elsewhere. */
    String seal(byte[] answer, String record);

    /** The answer {@link #seal} sealed for the same {@code record}; throws when it was not. */
    byte[] open(String sealed, String record);
}
