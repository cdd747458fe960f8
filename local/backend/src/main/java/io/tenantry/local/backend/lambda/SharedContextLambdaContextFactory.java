package io.tenantry.local.backend.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.function.aws.DefaultLambdaContextFactory;
import io.micronaut.function.aws.LambdaContextFactory;
import jakarta.inject.Singleton;

/**
 * Locally, one Micronaut context serves every function, many invocations at once. Micronaut's default factory
 * registers each invocation's Lambda {@link Context} (and its logger) as singletons of that context, which in the
 * cloud (one invocation at a time per context) is harmless, but here would pile up one bean per invocation and
 * hand one invocation's context to another. So nothing is registered; handlers receive their Context as an argument,
 * and the MDC still gets the request id and function name.
 */
@Singleton
@Replaces(DefaultLambdaContextFactory.class)
public class SharedContextLambdaContextFactory implements LambdaContextFactory {
    @Override
    public void registerSingletons(Context context) {
        // Deliberately nothing: see the class comment.
    }
}
