package io.tenantry.shared.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.concurrent.CompletableFuture;
import software.amazon.cloudwatchlogs.emf.environment.Environment;
import software.amazon.cloudwatchlogs.emf.environment.EnvironmentProvider;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.sinks.ISink;

/**
 * The EMF library's environment as it resolves it (on Lambda, Lambda's), with a sink that serialises each line as
 * the real sink does and writes it nowhere: the metrics lines of a priming run ({@link MetricsEmitter}), which warm the
 * whole path of a line and must not reach CloudWatch.
 */
final class DiscardingEnvironments extends EnvironmentProvider {

    @Override
    public CompletableFuture<Environment> resolveEnvironment() {
        return super.resolveEnvironment().thenApply(Discarding::new);
    }

    private record Discarding(Environment resolved) implements Environment {
        private static final ISink SINK = new ISink() {
            @Override
            public void accept(MetricsContext context) {
                try {
                    context.serialize();
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("A priming metrics line could not be serialised", e);
                }
            }

            @Override
            public CompletableFuture<Void> shutdown() {
                return CompletableFuture.completedFuture(null);
            }
        };

        @Override
        public boolean probe() {
            return resolved.probe();
        }

        @Override
        public String getName() {
            return resolved.getName();
        }

        @Override
        public String getType() {
            return resolved.getType();
        }

        @Override
        public String getLogGroupName() {
            return resolved.getLogGroupName();
        }

        @Override
        public void configureContext(MetricsContext context) {
            resolved.configureContext(context);
        }

        @Override
        public ISink getSink() {
            return SINK;
        }
    }
}
