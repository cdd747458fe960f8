package io.tenantry.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tenantry.local.backend.BackendOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.MDC;

/**
 * {@code ./tenantry start}'s log formats: the functions' own log events as readable lines by default (time, level,
 * function, logger, message with its key-value pairs, tenant, request; an error's cause below), and, with {@code
 * --log-format json}, the same events as one JSON object a line, as Lambda writes them.
 */
class LogFormatsTest {
    private static final Path TEMPLATE = Path.of("template.yaml");

    @Test
    void readableLines_areTheDefault_andJsonIsAskedFor() {
        assertFalse(BackendOptions.parse(List.of(), TEMPLATE).jsonLogs());
        assertFalse(
                BackendOptions.parse(List.of("--log-format", "text"), TEMPLATE).jsonLogs());
        assertTrue(BackendOptions.parse(List.of("--log-format=json"), TEMPLATE).jsonLogs());
        IllegalArgumentException refused = assertThrows(
                IllegalArgumentException.class, () -> BackendOptions.parse(List.of("--log-format", "xml"), TEMPLATE));
        assertTrue(refused.getMessage().contains("--log-format"), refused.getMessage());
    }

    @Test
    void aTextLine_namesTheFunctionTenantAndRequest_andAnErrorCarriesItsCause() {
        String out = logged("tenantry-local-logback-text.xml", log -> {
            MDC.put("function", "GetProjectFunction");
            MDC.put("tenantId", "ten_01ABC");
            MDC.put("requestId", "req-42");
            log.atInfo().addKeyValue("status", 200).addKeyValue("durationMs", 7).log("request");
            log.error("Unhandled failure", new IllegalStateException("the table is gone"));
            MDC.clear();
            log.info("no invocation here");
        });
        String[] lines = out.split("\n");

        assertTrue(
                lines[0].matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  GetProjectFunction ApiRuntime: request status=200"
                        + " durationMs=7 tenant=ten_01ABC request=req-42"),
                lines[0]);
        assertTrue(lines[1].contains("ERROR GetProjectFunction ApiRuntime: Unhandled failure tenant=ten_01ABC"), out);
        assertTrue(out.contains("java.lang.IllegalStateException: the table is gone"), out);
        String last = lines[lines.length - 1];
        assertTrue(last.endsWith("INFO  backend ApiRuntime: no invocation here"), last);
        assertFalse(out.contains("tenant= ") || out.contains("request=\n"), out);
    }

    @Test
    void jsonLines_keepLambdasShape() throws Exception {
        String out = logged("tenantry-local-logback.xml", log -> {
            MDC.put("tenantId", "ten_01ABC");
            log.atInfo().addKeyValue("status", 200).log("request");
            MDC.clear();
        });

        JsonNode line = new ObjectMapper().readTree(out.strip());
        assertEquals("INFO", line.path("level").asText());
        assertEquals("request", line.path("formattedMessage").asText());
        assertEquals("ten_01ABC", line.path("mdc").path("tenantId").asText());
    }

    /** What {@code configuration} prints for the events {@code logging} logs, in a Logback context of its own. */
    private static String logged(String configuration, java.util.function.Consumer<Logger> logging) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(MDC.getMDCAdapter()); // the MDC the events below put their values in
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(LogFormatsTest.class.getClassLoader().getResource(configuration));
            logging.accept(context.getLogger("io.tenantry.shared.http.ApiRuntime"));
        } catch (ch.qos.logback.core.joran.spi.JoranException e) {
            throw new IllegalStateException(e);
        } finally {
            context.stop();
            System.setOut(original);
            MDC.clear();
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
