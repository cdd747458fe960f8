package io.tenantry.shared.testing;

import com.amazonaws.services.lambda.runtime.Context;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.function.aws.event.AfterExecutionEvent;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/**
 * The invocations that went through Micronaut's invocation around a handler ({@code
 * MicronautRequestHandler.handleRequest}, which publishes an {@link AfterExecutionEvent} as it ends): the request id
 * of each one's Lambda {@link Context}, or "none" for an invocation without one. The last 1,000 are kept.
 */
@Singleton
public final class AfterExecutionEvents implements ApplicationEventListener<AfterExecutionEvent> {
    private static final int KEPT = 1_000;
    private final List<String> requestIds = new ArrayList<>();

    @Override
    public synchronized void onApplicationEvent(AfterExecutionEvent event) {
        if (requestIds.size() == KEPT) {
            requestIds.remove(0);
        }
        Context context = event.getContext();
        requestIds.add(context == null ? "none" : context.getAwsRequestId());
    }

    public synchronized List<String> requestIds() {
        return List.copyOf(requestIds);
    }

    public synchronized void clear() {
        requestIds.clear();
    }
}
