package io.tenantry.local.emulators;

import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;

/**
 * Reads and writes events the way the Lambda Java runtime does: AWS's own event serializers (with their mix-ins,
 * e.g. {@code eventSourceARN}, {@code Records}) for the event classes the runtime knows, its Jackson set-up for every
 * other type. Shared by the test fixtures and the local backend, so both see events exactly as a function in the
 * cloud would.
 */
public final class LambdaSerialization {
    private LambdaSerialization() {}

    /** The serializer the runtime would use for {@code type}, as input or as result. */
    public static <T> PojoSerializer<T> serializer(Class<T> type) {
        if (LambdaEventSerializers.isLambdaSupportedEvent(type.getName())) {
            return LambdaEventSerializers.serializerFor(type, classLoader(type));
        }
        return JacksonFactory.getInstance().getSerializer(type);
    }

    private static ClassLoader classLoader(Class<?> type) {
        ClassLoader loader = type.getClassLoader();
        return loader != null ? loader : LambdaSerialization.class.getClassLoader();
    }
}
