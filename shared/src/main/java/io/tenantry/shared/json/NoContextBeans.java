package io.tenantry.shared.json;

import com.amazonaws.services.lambda.runtime.Context;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.function.aws.DefaultLambdaContextFactory;
import io.micronaut.function.aws.LambdaContextFactory;
import jakarta.inject.Singleton;

/**
 * Micronaut's default factory registers each invocation's Lambda {@link Context}, and its logger, as singletons of the
 * function's context. A function's context serves every invocation of its instance, so that left a bean per invocation
 * in it for the instance's life (200 invocations, 200 {@code Context} beans), and each registration scanned every bean
 * definition: about 1 ms of every request on this machine, growing with the instance's age (docs/BENCHMARKS.md, "The
 * handler's overhead"). This one registers nothing. No bean asks for a {@code Context}: handlers receive it as an
 * argument, and Micronaut's diagnostic populator still puts the request id and the function's name in each
 * invocation's logging context ({@code NoContextBeansTest}).
 */
@Singleton
@Replaces(DefaultLambdaContextFactory.class)
public final class NoContextBeans implements LambdaContextFactory {
    @Override
    public void registerSingletons(Context context) {
        // Deliberately nothing: see the class comment.
    }
}
