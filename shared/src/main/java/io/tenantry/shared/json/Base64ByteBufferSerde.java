package io.tenantry.shared.json;

import io.micronaut.core.type.Argument;
import io.micronaut.serde.Decoder;
import io.micronaut.serde.Encoder;
import io.micronaut.serde.Serde;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Base64;

/**
 * A {@link ByteBuffer} as a base64 string, as Lambda sends an SQS message attribute's binary value and Jackson writes
 * one: the one binary type of the events the functions read themselves ({@link EventJson}). Writing leaves the
 * buffer's position where it was.
 */
@Singleton
final class Base64ByteBufferSerde implements Serde<ByteBuffer> {
    @Override
    public ByteBuffer deserialize(Decoder decoder, DecoderContext context, Argument<? super ByteBuffer> type)
            throws IOException {
        String base64 = decoder.decodeString();
        try {
            return ByteBuffer.wrap(Base64.getDecoder().decode(base64));
        } catch (IllegalArgumentException e) {
            throw new IOException("A binary value is not base64.", e);
        }
    }

    @Override
    public void serialize(
            Encoder encoder, EncoderContext context, Argument<? extends ByteBuffer> type, ByteBuffer value)
            throws IOException {
        ByteBuffer bytes = value.duplicate();
        byte[] copy = new byte[bytes.remaining()];
        bytes.get(copy);
        encoder.encodeString(Base64.getEncoder().encodeToString(copy));
    }
}
