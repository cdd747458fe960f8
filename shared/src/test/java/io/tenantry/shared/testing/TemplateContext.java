package io.tenantry.shared.testing;

import io.micronaut.context.ApplicationContext;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.TemplateFunctions.FunctionUnderTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One application context for all of a context's functions, configured as the template configures them. */
final class TemplateContext {
    private TemplateContext() {}

    /** The functions' properties merged, with the rate limits and the membership cache off so that suites may repeat calls. */
    static ApplicationContext start(AwsEnvironment aws, List<FunctionUnderTest> functions) {
        Map<String, Object> properties = new HashMap<>();
        for (FunctionUnderTest function : functions) {
            properties.putAll(aws.micronautProperties(function.logicalId()));
        }
        properties.put("tenantry.rate-limit.enabled", "false");
        properties.put("tenantry.caller-rate.per-second", "0");
        properties.put("tenantry.membership.cache-millis", "0");
        return ApplicationContext.run(properties);
    }

    /** The function's handler, made as tests make handlers: with the context. */
    static Object handler(FunctionUnderTest function, ApplicationContext context) {
        try {
            return Class.forName(function.handlerClass())
                    .getConstructor(ApplicationContext.class)
                    .newInstance(context);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(function + ": its handler cannot be made with an ApplicationContext", e);
        }
    }
}
