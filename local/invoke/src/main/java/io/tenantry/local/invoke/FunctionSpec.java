package io.tenantry.local.invoke;

import java.nio.file.Path;
import java.util.Map;

/**
 * One function, ready to run: its logical id, the handler string as the template spells it, memory and timeout,
 * the built artifact, the JVM to run it on, and its environment (without {@code AWS_LAMBDA_RUNTIME_API}, which the
 * runner adds). {@code snapStart} runs the client in {@code snap-start} initialisation mode (the CRaC hooks run,
 * no snapshot is taken).
 */
record FunctionSpec(
        String logicalId,
        String handler,
        int memoryMb,
        int timeoutSeconds,
        Path artifact,
        JavaHome java,
        Map<String, String> environment,
        boolean snapStart) {

    FunctionSpec {
        environment = Map.copyOf(environment);
    }
}
