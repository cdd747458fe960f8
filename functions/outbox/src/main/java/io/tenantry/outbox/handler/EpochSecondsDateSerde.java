package io.tenantry.outbox.handler;

import io.micronaut.core.type.Argument;
import io.micronaut.serde.Decoder;
import io.micronaut.serde.Encoder;
import io.micronaut.serde.Serde;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.Date;

/**
 * A {@link Date} as seconds since the epoch, a fraction allowed, as Lambda sends a DynamoDB stream record's {@code
 * ApproximateCreationDateTime} and as the runtime's own {@code DateModule} reads and writes every {@code Date} of an
 * event ({@link DynamodbStreamJson}). The mapper's way with every {@code Date} in the outbox functions, as the
 * runtime's is: nothing else they read or write is one (their models hold {@code Instant}s and ISO strings).
 */
@Singleton
final class EpochSecondsDateSerde implements Serde<Date> {
    @Override
    public Date deserialize(Decoder decoder, DecoderContext context, Argument<? super Date> type) throws IOException {
        return new Date((long) (decoder.decodeDouble() * 1000));
    }

    @Override
    public void serialize(Encoder encoder, EncoderContext context, Argument<? extends Date> type, Date value)
            throws IOException {
        encoder.encodeDouble(value.getTime() / 1000.0);
    }
}
