package io.tenantry.local.testkit;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts the AWS backend once per test JVM (kept in the root store, stopped when the JVM's tests end), provisions
 * the resources of the repository's {@code template.yaml}, and resolves {@link AwsEnvironment} parameters. The
 * backend comes from the system property {@code tenantry.aws} or the environment variable {@code TENANTRY_AWS}:
 * {@code embedded} (default), {@code endpoint=<url>} (moto_server and the like) or {@code localstack[=<image>]}.
 */
public final class AwsEmulatorsExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(AwsEmulatorsExtension.class);

    /** The environment shared by every test in this JVM, started on first use. */
    public static AwsEnvironment environment(ExtensionContext context) {
        return context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(RunningBackend.class, key -> RunningBackend.start(), RunningBackend.class)
                .environment();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        environment(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == AwsEnvironment.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return environment(context);
    }
}
