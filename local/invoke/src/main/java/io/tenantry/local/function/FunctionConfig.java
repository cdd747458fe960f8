package io.tenantry.local.function;

import io.tenantry.local.template.Arns;
import io.tenantry.local.template.FunctionDefinition;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One function of the template as both local run paths see it: the backend's in-process path
 * ({@code io.tenantry.local.backend.lambda.LocalFunction}) and the runtime-client path
 * ({@code io.tenantry.local.invoke.FunctionRunner}). Its logical id, the handler string as the template spells it,
 * memory and timeout (Lambda's defaults when the template sets none), and its variables as
 * {@link FunctionEnvironments} resolves them (template and {@code --env-vars}; not what Lambda itself sets).
 */
public record FunctionConfig(
        String logicalId, String handler, int memoryMb, int timeoutSeconds, Map<String, String> variables) {

    /** Lambda's default {@code MemorySize} and {@code Timeout} when the template sets none. */
    public static final int DEFAULT_MEMORY_MB = 128;

    public static final int DEFAULT_TIMEOUT_SECONDS = 3;

    public FunctionConfig {
        variables = Map.copyOf(variables);
    }

    /** The function as the template defines it, with its resolved variables. */
    public static FunctionConfig of(FunctionDefinition definition, FunctionEnvironments environments) {
        return of(definition, environments.of(definition.logicalId()));
    }

    public static FunctionConfig of(FunctionDefinition definition, Map<String, String> variables) {
        return new FunctionConfig(
                definition.logicalId(),
                definition.handler(),
                definition.memorySize() == null ? DEFAULT_MEMORY_MB : definition.memorySize(),
                definition.timeout() == null ? DEFAULT_TIMEOUT_SECONDS : definition.timeout(),
                variables);
    }

    /** The class part of the handler string ({@code pkg.Handler} of {@code pkg.Handler::method}). */
    public String handlerClass() {
        return handler.split("::", 2)[0];
    }

    /** The method part of the handler string, or null when it names the class only. */
    public String handlerMethod() {
        String[] parts = handler.split("::", 2);
        return parts.length > 1 ? parts[1] : null;
    }

    public String arn() {
        return Arns.function(logicalId);
    }

    public String logGroupName() {
        return "/aws/lambda/" + logicalId;
    }

    /** A log stream name as Lambda gives each execution environment: {@code 2026/01/31/[$LATEST]<32 hex>}. */
    public static String newLogStreamName() {
        byte[] random = new byte[16];
        ThreadLocalRandom.current().nextBytes(random);
        return LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy/MM/dd")) + "/[$LATEST]"
                + HexFormat.of().formatHex(random);
    }

    /** Lambda's words for an invocation that ran past the timeout. */
    public String timedOutText() {
        return "Task timed out after " + timeoutSeconds + ".00 seconds";
    }

    /** What Lambda answers for an invocation that ran past the timeout. */
    public FunctionError timedOut(String requestId) {
        return FunctionError.runtime("Sandbox.Timedout", "RequestId: " + requestId + " Error: " + timedOutText());
    }
}
