package io.tenantry.local.invoke;

import io.tenantry.local.function.FunctionConfig;
import java.nio.file.Path;
import java.util.Map;

/**
 * One function, ready to run through the runtime interface client: the function (the model the local backend
 * shares), the built artifact, the JVM to run it on, and the JVM's whole environment (without {@code
 * AWS_LAMBDA_RUNTIME_API}, which the runner adds). {@code snapStart} runs the client in {@code snap-start}
 * initialisation mode (the CRaC hooks run, no snapshot is taken).
 */
record FunctionSpec(
        FunctionConfig function, Path artifact, JavaHome java, Map<String, String> environment, boolean snapStart) {

    FunctionSpec {
        environment = Map.copyOf(environment);
    }

    String logicalId() {
        return function.logicalId();
    }

    String handler() {
        return function.handler();
    }

    int memoryMb() {
        return function.memoryMb();
    }

    int timeoutSeconds() {
        return function.timeoutSeconds();
    }
}
