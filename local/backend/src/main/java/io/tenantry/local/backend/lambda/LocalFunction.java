package io.tenantry.local.backend.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextProvider;
import io.tenantry.local.emulators.LambdaSerialization;
import io.tenantry.local.function.FunctionConfig;
import io.tenantry.local.function.FunctionError;
import io.tenantry.local.function.Invocation;
import io.tenantry.shared.json.InvocationContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One function of the template, run in this JVM as the Lambda Java runtime would run it: the handler class named by
 * {@code Handler} (a Micronaut handler is built with its {@code ApplicationContext} constructor, on the context all
 * functions share; any other with its no-argument constructor), made on first use; each invocation deserialises the
 * event into the handler's input type with the runtime's serializers, passes a {@link Context}, serialises the result,
 * and stops waiting at the function's {@code Timeout}.
 */
public final class LocalFunction {
    /** Lambda's limit on a synchronous request or response payload. */
    public static final int MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(LocalFunction.class);

    private final FunctionConfig config;
    private final String className;
    private final String methodName;
    private final Supplier<ApplicationContext> context;
    private final ExecutorService executor;
    /** The MDC key of the function's logical id during its invocation (tenantry-local-logback-text.xml). */
    static final String FUNCTION_MDC_KEY = "function";

    private final Logger functionLog;
    private final String logStreamName = FunctionConfig.newLogStreamName();
    private volatile Loaded loaded;

    public LocalFunction(FunctionConfig config, Supplier<ApplicationContext> context, ExecutorService executor) {
        this.config = config;
        this.className = config.handlerClass();
        this.methodName = config.handlerMethod();
        this.context = context;
        this.executor = executor;
        this.functionLog = LoggerFactory.getLogger("lambda." + config.logicalId());
    }

    public String logicalId() {
        return config.logicalId();
    }

    public String handler() {
        return config.handler();
    }

    public int memoryMb() {
        return config.memoryMb();
    }

    public int timeoutSeconds() {
        return config.timeoutSeconds();
    }

    /**
     * What is wrong with the handler before any invocation, without running its code: a missing class, or a handler
     * string the Lambda runtime would refuse; empty when it looks loadable.
     */
    public Optional<String> problem() {
        Class<?> type;
        try {
            type = Class.forName(className, false, LocalFunction.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.of(logicalId() + ": handler class " + className + " is not on the local backend's class"
                    + " path. Is its module a dependency of local/backend/pom.xml?");
        }
        if (methodName == null
                && !RequestHandler.class.isAssignableFrom(type)
                && !RequestStreamHandler.class.isAssignableFrom(type)) {
            return Optional.of(logicalId() + ": " + className
                    + " implements neither RequestHandler nor RequestStreamHandler; name a method with ::method");
        }
        if (ApplicationContextProvider.class.isAssignableFrom(type)
                && constructor(type, true).isEmpty()) {
            return Optional.of(
                    logicalId() + ": " + className + " is a Micronaut handler without a constructor taking an"
                            + " ApplicationContext; the local backend shares one context between handlers and needs it");
        }
        return Optional.empty();
    }

    /**
     * Whether Lambda's runtime hands this handler the event's bytes whatever the handler string names: a {@code
     * RequestStreamHandler} (Tenantry's handlers all are). Not so for a plain {@code RequestHandler}, for which {@code
     * ::handleRequest} makes the runtime pass the event as a {@code Map}. False when the class cannot be loaded.
     */
    public boolean readsItsOwnJson() {
        try {
            return RequestStreamHandler.class.isAssignableFrom(
                    Class.forName(className, false, LocalFunction.class.getClassLoader()));
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Builds the handler now rather than on the first invocation. */
    public void warm() {
        loaded();
    }

    /** Invokes the function with an event (JSON) and waits for its result, at most its timeout. */
    public Invocation invoke(byte[] event) {
        return invoke(event, UUID.randomUUID().toString());
    }

    /**
     * Invokes the function under a given request id: Lambda keeps an asynchronous invocation's request id across its
     * retries.
     */
    public Invocation invoke(byte[] event, String requestId) {
        long started = System.nanoTime();
        long deadline = started + TimeUnit.SECONDS.toNanos(config.timeoutSeconds());
        Future<Invocation> running = executor.submit(() -> run(event, requestId, started, deadline));
        try {
            return running.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            running.cancel(true);
            functionLog.error("{} (request {})", config.timedOutText(), requestId);
            return Invocation.failed(
                    requestId, Invocation.Status.TIMEOUT, config.timedOut(requestId), nanosSince(started));
        } catch (InterruptedException e) {
            running.cancel(true);
            Thread.currentThread().interrupt();
            return Invocation.error(requestId, FunctionError.of(e), nanosSince(started));
        } catch (ExecutionException e) {
            return Invocation.error(requestId, FunctionError.of(e.getCause()), nanosSince(started));
        }
    }

    private Invocation run(byte[] event, String requestId, long started, long deadline) {
        // The readable log lines name the function whose invocation logged them (the JSON lines leave it out, as
        // Lambda's own do: there the log group names it).
        MDC.put(FUNCTION_MDC_KEY, logicalId());
        try {
            return runInContext(event, requestId, started, deadline);
        } finally {
            MDC.remove(FUNCTION_MDC_KEY);
        }
    }

    private Invocation runInContext(byte[] event, String requestId, long started, long deadline) {
        Loaded handler;
        try {
            handler = loaded();
        } catch (RuntimeException e) {
            functionLog.error("Init failed", e);
            return Invocation.error(requestId, FunctionError.of(e), nanosSince(started));
        }
        // Request id, function name and ARN, the memory the template gives, the time left before the function's
        // timeout, and a logger that writes through Logback.
        InvocationContext lambdaContext = new InvocationContext(
                requestId,
                config.logicalId(),
                config.arn(),
                config.logGroupName(),
                logStreamName,
                config.memoryMb(),
                deadline,
                new Slf4jLambdaLogger(functionLog));
        try {
            byte[] result = handler.call(event, lambdaContext);
            if (result.length > MAX_PAYLOAD_BYTES) {
                return Invocation.error(
                        requestId,
                        FunctionError.runtime(
                                "Function.ResponseSizeTooLarge",
                                "Response payload size (" + result.length + " bytes) exceeded maximum allowed payload"
                                        + " size (" + MAX_PAYLOAD_BYTES + " bytes)."),
                        nanosSince(started));
            }
            return Invocation.ok(requestId, result, nanosSince(started));
        } catch (EventParsingException e) {
            functionLog.error("An error occurred during JSON parsing", e.getCause());
            return Invocation.error(requestId, FunctionError.parsing(e.getCause()), nanosSince(started));
        } catch (Throwable e) {
            Throwable failure =
                    e instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : e;
            functionLog.error("Unhandled exception in {}", logicalId(), failure);
            return Invocation.error(requestId, FunctionError.of(failure), nanosSince(started));
        }
    }

    private Loaded loaded() {
        Loaded current = loaded;
        if (current == null) {
            synchronized (this) {
                current = loaded;
                if (current == null) {
                    long started = System.nanoTime();
                    current = load();
                    loaded = current;
                    LOG.debug("{} ({}) built in {} ms", logicalId(), className, nanosSince(started) / 1_000_000);
                }
            }
        }
        return current;
    }

    private Loaded load() {
        Class<?> type;
        try {
            type = Class.forName(className, true, LocalFunction.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("Class not found: " + className, e);
        }
        Object instance = instantiate(type);
        if (methodName == null || (methodName.equals("handleRequest") && isHandlerInterface(type))) {
            if (instance instanceof RequestStreamHandler stream) {
                return (event, ctx) -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    stream.handleRequest(new ByteArrayInputStream(event), out, ctx);
                    return out.toByteArray();
                };
            }
            @SuppressWarnings("unchecked")
            RequestHandler<Object, Object> requestHandler = (RequestHandler<Object, Object>) instance;
            Class<?>[] types = HandlerTypes.resolve(type, RequestHandler.class);
            Class<?> input = types == null ? Object.class : types[0];
            Class<?> output = types == null ? Object.class : types[1];
            return (event, ctx) -> serialize(requestHandler.handleRequest(deserialize(event, input), ctx), output);
        }
        Method method = method(type);
        Class<?>[] parameters = method.getParameterTypes();
        if (parameters.length >= 2 && parameters[0] == InputStream.class && parameters[1] == OutputStream.class) {
            return (event, ctx) -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                Object[] args = parameters.length == 3
                        ? new Object[] {new ByteArrayInputStream(event), out, ctx}
                        : new Object[] {new ByteArrayInputStream(event), out};
                method.invoke(instance, args);
                return out.toByteArray();
            };
        }
        Class<?> output = method.getReturnType();
        return (event, ctx) -> {
            Object[] args = switch (parameters.length) {
                case 0 -> new Object[0];
                case 1 -> new Object[] {parameters[0] == Context.class ? ctx : deserialize(event, parameters[0])};
                default -> new Object[] {deserialize(event, parameters[0]), ctx};
            };
            Object result = method.invoke(instance, args);
            return output == void.class ? "null".getBytes() : serialize(result, output);
        };
    }

    private Object instantiate(Class<?> type) {
        try {
            Optional<Constructor<?>> withContext = constructor(type, true);
            if (withContext.isPresent()) {
                return withContext.get().newInstance(context.get());
            }
            if (ApplicationContextProvider.class.isAssignableFrom(type)) {
                throw new IllegalStateException(className + " has no constructor taking an ApplicationContext");
            }
            return constructor(type, false)
                    .orElseThrow(() -> new IllegalStateException(className + " has no public no-argument constructor"))
                    .newInstance();
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("Could not build " + className + ": " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Could not build " + className + ": " + e, e);
        }
    }

    private static Optional<Constructor<?>> constructor(Class<?> type, boolean withContext) {
        return Arrays.stream(type.getConstructors())
                .filter(c -> withContext
                        ? c.getParameterCount() == 1 && c.getParameterTypes()[0] == ApplicationContext.class
                        : c.getParameterCount() == 0)
                .findFirst();
    }

    private static boolean isHandlerInterface(Class<?> type) {
        return RequestHandler.class.isAssignableFrom(type) || RequestStreamHandler.class.isAssignableFrom(type);
    }

    /** The public method named by {@code ::method}, preferring the most parameters (as the runtime does). */
    private Method method(Class<?> type) {
        return Arrays.stream(type.getMethods())
                .filter(m -> m.getName().equals(methodName) && !m.isBridge() && !Modifier.isStatic(m.getModifiers()))
                .filter(m -> m.getParameterCount() <= 3)
                .max(Comparator.comparingInt(Method::getParameterCount))
                .orElseThrow(() -> new IllegalStateException("No public method " + methodName + " in " + className));
    }

    private static Object deserialize(byte[] event, Class<?> type) {
        if (type == InputStream.class) {
            return new ByteArrayInputStream(event);
        }
        try {
            return LambdaSerialization.serializer(type).fromJson(new ByteArrayInputStream(event));
        } catch (RuntimeException e) {
            throw new EventParsingException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static byte[] serialize(Object result, Class<?> declared) {
        if (result == null) {
            return "null".getBytes();
        }
        Class<Object> type =
                (Class<Object>) (declared == Object.class || declared.isInterface() ? result.getClass() : declared);
        PojoSerializer<Object> serializer = LambdaSerialization.serializer(type);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        serializer.toJson(result, out);
        return out.toByteArray();
    }

    private static long nanosSince(long startedNanos) {
        return System.nanoTime() - startedNanos;
    }

    /** A built handler: event JSON in, result JSON out. */
    @FunctionalInterface
    private interface Loaded {
        byte[] call(byte[] event, Context context) throws IOException, ReflectiveOperationException;
    }

    /** The event could not be read as the handler's input type. */
    private static final class EventParsingException extends RuntimeException {
        EventParsingException(Throwable cause) {
            super(cause);
        }
    }
}
