package io.tenantry.shared.json;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.reflect.GenericTypeUtils;
import io.micronaut.function.aws.MicronautRequestHandler;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.MDC;

/**
 * The base of every handler: a {@link MicronautRequestHandler} of an event {@code I} that Lambda calls through its
 * stream entry, {@link #handleRequest(InputStream, OutputStream, Context)}. Lambda's runtime takes a {@link
 * RequestStreamHandler} before a {@code RequestHandler}, so the event's JSON is read here, with the functions' one
 * mapper ({@link EventJson}: Micronaut Serde, its (de)serialisers generated at build time), and the runtime builds no
 * Jackson deserialiser of {@code I} by reflection while the function initialises (docs/architecture.md, "The
 * handlers read their own JSON"). {@link #handleRequest(Object, Context)} takes the event itself (tests); both reach
 * {@link #execute}. HTTP handlers extend {@code ApiHandler}, SQS workers {@code QueueHandler}; the others (a stream,
 * a log subscription, a Cognito trigger, a direct invocation) extend this class.
 *
 * <p>An answer of {@code null} is written as JSON's {@code null}, as the runtime writes it for a {@code
 * RequestHandler}.
 */
public abstract class EventHandler<I, O> extends MicronautRequestHandler<I, O> implements RequestStreamHandler {
    private static final byte[] NULL = "null".getBytes(StandardCharsets.UTF_8);
    /**
     * A priming invocation's Lambda context: its request id says what it is. Its deadline is far, and it is made when
     * the class is loaded, so it is no clock reading taken while priming.
     */
    private static final Context PRIMING = new InvocationContext(
            "priming", "priming", null, null, null, 0, InvocationContext.NO_DEADLINE, InvocationContext.NOWHERE);

    private Class<I> eventType;
    private EventJson json;

    /** As Lambda builds a handler: starts the function's Micronaut context. */
    protected EventHandler() {
        super();
    }

    /** With a context that tests and the local backend share between handlers. */
    protected EventHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    public final void handleRequest(InputStream event, OutputStream answer, Context context) throws IOException {
        write(handleRequest(json().read(event, eventType()), context), answer);
    }

    /**
     * For priming: {@code event} written as Lambda sends it and read back as the stream entry reads it, so that the
     * snapshot holds that path warm. The event read is returned, for the priming to go on with.
     */
    protected final I throughJson(I event) {
        try {
            return json().read(new ByteArrayInputStream(json().write(event)), eventType());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * For priming: {@code event} through the stream entry exactly as Lambda's runtime calls it, with a priming
     * invocation's {@link Context}: the event's JSON read, Micronaut's invocation around {@link #execute} (its logging
     * context, its after-execution event), the answer's JSON written to nowhere. The logging context that invocation
     * filled is emptied after, so none of it is in the snapshot.
     */
    protected final void primeThroughEntry(I event) {
        try {
            handleRequest(new ByteArrayInputStream(json().write(event)), OutputStream.nullOutputStream(), PRIMING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            MDC.clear();
        }
    }

    /** For priming: {@code answer} written as the stream entry writes it, to nowhere. */
    protected final void writeNowhere(O answer) {
        try {
            write(answer, OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(O answer, OutputStream out) throws IOException {
        if (answer == null) {
            out.write(NULL);
        } else {
            json().write(answer, out);
        }
    }

    /** Taken from the context on first use, so that a handler with no beans of its own works too. */
    private EventJson json() {
        if (json == null) {
            json = applicationContext.getBean(EventJson.class);
        }
        return json;
    }

    /** {@code I} as the subclass binds it (a parameterised type, such as {@code Map<String, Object>}, as its class). */
    @SuppressWarnings("unchecked")
    private Class<I> eventType() {
        if (eventType == null) {
            Class<?>[] types = GenericTypeUtils.resolveSuperTypeGenericArguments(getClass(), EventHandler.class);
            if (types.length == 0) {
                throw new IllegalStateException(
                        getClass().getName() + " must bind the event type of EventHandler<I, O>.");
            }
            eventType = (Class<I>) types[0];
        }
        return eventType;
    }
}
