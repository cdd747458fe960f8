package io.tenantry.shared.tracing;

import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The route ({@code GET /v1/projects/{projectId}}) the current thread works for, or the worker or other function
 * ({@code InvoiceQueue}, {@code CostExport}: its handler's name, as its metrics name it), which every span of an AWS
 * call carries ({@link AwsCallSpans}). The API runtime, the queue worker base and {@code FunctionMetrics.invocation}
 * (every other function) set it around an invocation; threads started inside (a worker's virtual threads) inherit it.
 */
@Singleton
public final class CurrentRoute {
    private final InheritableThreadLocal<String> current = new InheritableThreadLocal<>();

    /** Runs {@code work} as {@code route}'s; the route before after. */
    public <T> T call(String route, Supplier<T> work) {
        String outer = current.get();
        current.set(route);
        try {
            return work.get();
        } finally {
            if (outer == null) {
                current.remove();
            } else {
                current.set(outer);
            }
        }
    }

    /** The route of this thread's work, if it runs inside one. */
    public Optional<String> get() {
        return Optional.ofNullable(current.get());
    }
}
