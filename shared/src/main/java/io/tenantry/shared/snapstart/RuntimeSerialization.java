package io.tenantry.shared.snapstart;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Type;

/**
 * The Lambda Java runtime's own JSON of a handler's event and answer, warmed before the snapshot. The runtime reads
 * each event into the handler's event class, and writes its answer, with the serialisers of {@code
 * aws-lambda-java-serialization}, which none of the handler's code reaches: on a restored instance the first request
 * would build and run them cold. Priming takes the serialisers the runtime takes for these classes, as its {@code
 * EventHandlerLoader} does (for the event classes it knows, {@code LambdaEventSerializers} with its mix-ins; for any
 * other class, the one shared {@code JacksonFactory}, whose mapper then keeps what it built for the first request),
 * and round-trips a representative event and answer through them, so their classes are loaded, their code has run
 * and the shared mapper's cache holds the answer's serialiser.
 *
 * <p>The runtime's classes are not a dependency of the functions: they are found by name where the runtime put them
 * (on Lambda and under {@code ./tenantry invoke}, the runtime interface client's class path). Where they are not
 * (the local backend), nothing is done.
 */
final class RuntimeSerialization {
    static final String EVENT_SERIALIZERS =
            "com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers";
    static final String JACKSON = "com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory";
    static final String SERIALIZER = "com.amazonaws.services.lambda.runtime.serialization.PojoSerializer";

    private RuntimeSerialization() {}

    /**
     * Reads {@code event} back from its JSON, and writes {@code answer}, {@code rounds} times each, through the
     * serialisers the runtime uses for their classes; false when the runtime's serialisers are not visible from {@code
     * loader}.
     */
    static boolean prime(Object event, Object answer, int rounds, ClassLoader loader)
            throws ReflectiveOperationException {
        Class<?> events;
        Class<?> jackson;
        Class<?> serializer;
        try {
            events = Class.forName(EVENT_SERIALIZERS, true, loader);
            jackson = Class.forName(JACKSON, true, loader);
            serializer = Class.forName(SERIALIZER, true, loader);
        } catch (ClassNotFoundException e) {
            return false;
        }
        Method toJson = serializer.getMethod("toJson", Object.class, OutputStream.class);
        Method fromJson = serializer.getMethod("fromJson", InputStream.class);
        Object eventSerializer = serializerFor(event.getClass(), events, jackson, loader);
        Object answerSerializer = serializerFor(answer.getClass(), events, jackson, loader);
        for (int round = 0; round < rounds; round++) {
            ByteArrayOutputStream json = new ByteArrayOutputStream();
            toJson.invoke(eventSerializer, event, json);
            fromJson.invoke(eventSerializer, new ByteArrayInputStream(json.toByteArray()));
            toJson.invoke(answerSerializer, answer, new ByteArrayOutputStream());
        }
        return true;
    }

    /** The serialiser the runtime takes for {@code type}: the event serialisers' for the events they know, else Jackson's. */
    static Object serializerFor(Class<?> type, Class<?> events, Class<?> jackson, ClassLoader loader)
            throws ReflectiveOperationException {
        if ((Boolean) events.getMethod("isLambdaSupportedEvent", String.class).invoke(null, type.getName())) {
            return events.getMethod("serializerFor", Class.class, ClassLoader.class)
                    .invoke(null, type, loader);
        }
        Object factory = jackson.getMethod("getInstance").invoke(null);
        return jackson.getMethod("getSerializer", Type.class).invoke(factory, type);
    }
}
