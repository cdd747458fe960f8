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
 * A failure that only a run through Lambda's runtime shows (VERSIONS.md, pitfall 7): a plain {@code
 * MicronautRequestHandler} of a typed event named in the template as {@code pkg.Handler::handleRequest} fails every
 * invocation, because the runtime then hands the generic {@code handleRequest(I, Context)} a {@code Map}. Tenantry's
 * handlers are all {@code RequestStreamHandler}s too (ArchitectureTest, rule 7), which the runtime calls with the
 * event's bytes however the template names them: a copy of template.yaml naming the method, under target/, makes
 * {@code invoke} answer as before, for the Cognito trigger (once the pitfall's example) and for an HTTP handler.
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "the runtime interface client has native code for Linux only")
class HandlerStringIT {

    @Test
    void aTriggerHandler_answersAlike_whetherTheTemplateNamesItsClassOrItsMethod() throws IOException {
        Invocation named = invoke(
                "PreTokenGenerationFunction",
                "io.tenantry.identity.handler.PreTokenGenerationHandler",
                "events/identity/PreTokenGenerationFunction.json");

        assertEquals(InvokeCommand.OK, named.status(), named::toString);
        JsonNode answer = Json.tryParse(named.result());
        assertNotNull(answer, named.result());
        assertEquals(
                "ada@example.com",
                answer.at("/response/claimsAndScopeOverrideDetails/idTokenGeneration/claimsToAddOrOverride/email")
                        .asText(),
                named.result());
        assertFalse(named.log().contains("Status: error"), named.log());
    }

    @Test
    void anHttpHandler_answersAlike_whetherTheTemplateNamesItsClassOrItsMethod() throws IOException {
        Invocation named = invoke(
                "GetHealthFunction",
                "io.tenantry.identity.handler.GetHealthHandler",
                "events/identity/GetHealthFunction.json");

        assertEquals(InvokeCommand.OK, named.status(), named::toString);
        JsonNode answer = Json.tryParse(named.result());
        assertNotNull(answer, named.result());
        assertEquals(200, answer.path("statusCode").asInt(), named.result());
        assertEquals("{\"status\":\"ok\"}", answer.path("body").asText(), named.result());
    }

    /** Invokes {@code function} from a copy of the template that names {@code handler}'s {@code ::handleRequest}. */
    private static Invocation invoke(String function, String handler, String event) throws IOException {
        Path root = Project.locate(null).root();
        String template = Files.readString(root.resolve("template.yaml"));
        String line = "Handler: " + handler + "\n";
        assertTrue(template.contains(line), "template.yaml no longer names " + handler + " for " + function);
        Path copy = Path.of("target/handler-string-it/" + function + "/template.yaml")
                .toAbsolutePath();
        Files.createDirectories(copy.getParent());
        Files.writeString(copy, template.replace(line, "Handler: " + handler + "::handleRequest\n"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = InvokeCommand.run(
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                function,
                "-e",
                root.resolve(event).toString(),
                "--template",
                copy.toString());
        return new Invocation(
                status, out.toString(StandardCharsets.UTF_8).trim(), err.toString(StandardCharsets.UTF_8));
    }

    private record Invocation(int status, String result, String log) {
        @Override
        public String toString() {
            return result + "\n--- stderr ---\n" + log;
        }
    }
}
