package io.tenantry.shared.testing;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * The AWS calls a context's clients sent, as {@code Service.Operation}: an interceptor given to a test's context as a
 * bean (every client takes every {@link ExecutionInterceptor} bean), recording each call that reached the wire (one
 * entry per call, whatever its answer). A call stopped before it was sent, as a priming run stops writes, is not
 * among them.
 */
public final class SentCalls implements ExecutionInterceptor {
    /**
     * The operations a priming run may send: reads, which find nothing of the priming tenant. Written out here, apart
     * from the guard's own list, so that a write let through there fails the tests that check what priming sent.
     */
    public static final Set<String> READS =
            Set.of("GetItem", "BatchGetItem", "Query", "AssumeRole", "GetObject", "HeadObject", "ListObjectsV2");

    private final List<String> sent = new CopyOnWriteArrayList<>();

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        sent.add(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + "."
                + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
    }

    /** The calls sent since the last {@link #clear}, in order (a retried call once per attempt). */
    public List<String> calls() {
        return List.copyOf(sent);
    }

    /** The calls sent since the last {@link #clear} that are not {@link #READS}: none may be a priming run's. */
    public List<String> notReads() {
        return sent.stream()
                .filter(call -> !READS.contains(call.substring(call.indexOf('.') + 1)))
                .toList();
    }

    public void clear() {
        sent.clear();
    }
}
