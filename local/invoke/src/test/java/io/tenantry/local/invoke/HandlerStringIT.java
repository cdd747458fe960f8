package io.tenantry.local.invoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tenantry.local.function.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The failure that only a run through Lambda's runtime shows (VERSIONS.md, pitfall 7): a Micronaut handler named in
 * the template as {@code pkg.Handler::handleRequest} fails every invocation, while {@code pkg.Handler} works. A copy
 * of template.yaml with that one change, under target/, must make {@code invoke} fail.
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "the runtime interface client has native code for Linux only")
class HandlerStringIT {
    private static final String FUNCTION = "GetHealthFunction";
    private static final String HANDLER = "io.tenantry.identity.handler.GetHealthHandler";

    @Test
    void invoke_fails_whenTheTemplateNamesAMicronautHandlersMethod() throws IOException {
        Path root = Project.locate(null).root();
        String template = Files.readString(root.resolve("template.yaml"));
        String line = "Handler: " + HANDLER + "\n";
        assertTrue(template.contains(line), "template.yaml no longer names " + HANDLER + " for " + FUNCTION);
        Path copy = Path.of("target/handler-string-it/template.yaml").toAbsolutePath();
        Files.createDirectories(copy.getParent());
        Files.writeString(copy, template.replace(line, "Handler: " + HANDLER + "::handleRequest\n"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = InvokeCommand.run(
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                FUNCTION,
                "-e",
                root.resolve("events/identity/GetHealthFunction.json").toString(),
                "--template",
                copy.toString());

        String result = out.toString(StandardCharsets.UTF_8).trim();
        String log = err.toString(StandardCharsets.UTF_8);
        assertEquals(InvokeCommand.FUNCTION_FAILED, status, () -> result + "\n--- stderr ---\n" + log);
        JsonNode error = Json.tryParse(result);
        assertNotNull(error, result);
        assertFalse(error.path("errorType").asText().isEmpty(), result);
        assertTrue(
                error.path("errorMessage").asText().contains("Unconvertible input")
                        || result.contains("must be a Class or ParameterizedType"),
                "the Micronaut handler cannot take the event through handleRequest(I, Context): " + result);
        assertTrue(log.contains("Status: error"), log);
    }
}
