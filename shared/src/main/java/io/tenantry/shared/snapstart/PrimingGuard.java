package io.tenantry.shared.snapstart;

import jakarta.inject.Singleton;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * What keeps priming from changing anything: while {@link #run} runs work on a thread, every AWS call that thread makes
 * stops before it is sent ({@link Stopped}) unless its operation only reads ({@link #READS}). A write is marshalled and
 * signed, which is what priming wants loaded, and never leaves the function. An interceptor of every client, as every
 * {@code ExecutionInterceptor} bean is ({@code AwsClientFactory}); outside a priming run it does nothing.
 *
 * <p>The run belongs to the thread that started it: priming hands a worker's message to the worker on that thread
 * ({@code QueueHandler} does not fan a priming batch out to virtual threads), and no route or worker makes an AWS call
 * from a thread of its own.
 */
@Singleton
public final class PrimingGuard implements ExecutionInterceptor {
    /**
     * The operations a priming run may send: reads of keys no tenant can hold, and the tenant role's credentials for
     * the sentinel tenant, which holds nothing (dropped after a restore). Anything else stops.
     */
    static final Set<String> READS =
            Set.of("GetItem", "BatchGetItem", "Query", "AssumeRole", "GetObject", "HeadObject", "ListObjectsV2");

    private final ThreadLocal<Boolean> priming = new ThreadLocal<>();
    private final AtomicInteger stops = new AtomicInteger();

    /** Runs {@code work} with this thread's writes stopped before they are sent. */
    public <T> T run(Supplier<T> work) {
        Boolean outer = priming.get();
        priming.set(Boolean.TRUE);
        try {
            return work.get();
        } finally {
            if (outer == null) {
                priming.remove();
            }
        }
    }

    /** Whether this thread is in a priming run. */
    public boolean active() {
        return priming.get() != null;
    }

    /** How many calls priming runs made that were stopped before they were sent, in this instance. */
    public int stops() {
        return stops.get();
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        if (!active()) {
            return;
        }
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        if (!READS.contains(operation)) {
            stops.incrementAndGet();
            throw new Stopped(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + "." + operation);
        }
    }

    /**
     * Runs one step of a priming run that must end at a write stopped before it was sent: how a worker primes the
     * steps its priming message does not reach (the message names the priming tenant, whose reads find nothing, so
     * its path ends early). The stop is what the step is for; anything else is thrown, and so is a step that ended
     * without a stopped write (it made none, or its client has no guard and the write went out), so that the priming
     * run counts it as failed. Outside a priming run it runs nothing and throws.
     */
    public void stopsAt(String write, Runnable step) {
        if (!active()) {
            throw new IllegalStateException("Not in a priming run: " + write + " would be sent");
        }
        try {
            step.run();
        } catch (RuntimeException e) {
            if (stopped(e)) {
                return;
            }
            throw e;
        }
        throw new IllegalStateException("Priming reached no stopped write at " + write);
    }

    /** Whether {@code failure}, or one of its causes, is a call a priming run did not send. */
    public static boolean stopped(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof Stopped) {
                return true;
            }
        }
        return false;
    }

    /**
     * A call a priming run made that was not sent. The SDK hands it on as the cause of an {@code SdkClientException}
     * and does not retry it ({@link #stopped} finds it).
     */
    public static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopped(String operation) {
            super(operation + " was not sent: priming sends no write", null, false, false);
        }
    }
}
