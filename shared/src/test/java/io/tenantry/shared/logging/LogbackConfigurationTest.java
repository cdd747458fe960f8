package io.tenantry.shared.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.status.Status;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

/**
 * The logback every function ships: a version without the known CVEs, and its configuration ({@link
 * JsonLogConfigurator}): JSON lines as the docs describe them.
 */
class LogbackConfigurationTest {
    /** The first release checked free of CVE-2025-11226 and CVE-2026-1225. */
    static final List<Integer> OLDEST_ALLOWED = List.of(1, 5, 38);

    static List<Integer> version(Class<?> fromJar) {
        String version = fromJar.getPackage().getImplementationVersion();
        assertTrue(version != null && version.matches("\\d+\\.\\d+\\.\\d+.*"), () -> fromJar + ": " + version);
        return Arrays.stream(version.replaceAll("^(\\d+\\.\\d+\\.\\d+).*", "$1").split("\\."))
                .map(Integer::valueOf)
                .toList();
    }

    static boolean atLeast(List<Integer> version, List<Integer> oldest) {
        for (int i = 0; i < oldest.size(); i++) {
            if (!version.get(i).equals(oldest.get(i))) {
                return version.get(i) > oldest.get(i);
            }
        }
        return true;
    }

    @Test
    void logbackOnTheClassPath_isNotAVersionWithKnownCves() {
        for (Class<?> fromJar : List.of(Logger.class, ch.qos.logback.core.Appender.class)) {
            List<Integer> version = version(fromJar);
            assertTrue(atLeast(version, OLDEST_ALLOWED), fromJar.getPackageName() + " is " + version);
        }
    }

    @Test
    void theFunctionsLogging_writesOneJsonLinePerEvent_withTheMdcAndTheKeyValuePairs() {
        LoggerContext context = new LoggerContext();
        String line;
        try {
            JsonLogConfigurator.apply(context, null);
            List<Status> problems = context.getStatusManager().getCopyOfStatusList().stream()
                    .filter(s -> s.getEffectiveLevel() >= Status.WARN)
                    .toList();
            assertEquals(List.of(), problems, "the configuration uses only what this logback knows");

            Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
            assertEquals(Level.INFO, root.getLevel());
            assertEquals(
                    Level.WARN, context.getLogger("software.amazon.awssdk.core").getEffectiveLevel());
            assertEquals(Level.WARN, context.getLogger("io.micronaut.context").getEffectiveLevel());
            assertEquals(Level.INFO, context.getLogger("io.tenantry.shared").getEffectiveLevel());
            Encoder<ILoggingEvent> encoder =
                    ((OutputStreamAppender<ILoggingEvent>) root.getAppender(JsonLogConfigurator.APPENDER)).getEncoder();
            LoggingEvent event = new LoggingEvent(
                    Logger.class.getName(), context.getLogger("io.tenantry.test"), Level.INFO, "request", null, null);
            event.setMDCPropertyMap(Map.of("requestId", "req-1", "tenantId", "ten_1"));
            event.addKeyValuePair(new KeyValuePair("method", "GET"));
            event.addKeyValuePair(new KeyValuePair("status", 200));
            line = new String(encoder.encode(event), StandardCharsets.UTF_8);
        } finally {
            context.stop();
        }

        assertTrue(line.endsWith("\n") && line.indexOf('\n') == line.length() - 1, line);
        String json = line.strip();
        assertTrue(json.startsWith("{") && json.endsWith("}"), json);
        assertTrue(json.contains("\"level\":\"INFO\""), json);
        assertTrue(json.contains("\"loggerName\":\"io.tenantry.test\""), json);
        assertTrue(json.contains("\"requestId\":\"req-1\""), json);
        assertTrue(json.contains("\"tenantId\":\"ten_1\""), json);
        assertTrue(json.contains("\"method\":\"GET\""), json);
        assertTrue(json.contains("\"formattedMessage\":\"request\""), json);
        assertFalse(json.contains("\"threadName\""), json);
        assertFalse(json.contains("\"sequenceNumber\""), json);
        assertFalse(json.contains("\"arguments\""), json);
    }

    @Test
    void theRootLevel_comesFromTheEnvironment_andAnUnknownNameKeepsInfo() {
        for (Map.Entry<String, Level> chosen : Map.of("DEBUG", Level.DEBUG, "warn", Level.WARN, "loud", Level.INFO)
                .entrySet()) {
            LoggerContext context = new LoggerContext();
            try {
                JsonLogConfigurator.apply(context, chosen.getKey());
                assertEquals(
                        chosen.getValue(),
                        context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel(),
                        chosen.getKey());
            } finally {
                context.stop();
            }
        }
    }

    /** Logback finds the configuration through its service file, before it would look for an XML file. */
    @Test
    void logbackFindsTheConfiguration_throughItsServiceFile() {
        List<String> found = ServiceLoader.load(Configurator.class).stream()
                .map(p -> p.type().getName())
                .toList();
        assertEquals(List.of(JsonLogConfigurator.class.getName()), found);
    }

    /** A chosen file, or the tests' own configuration, wins; without either the functions' configuration applies. */
    @Test
    void theConfiguration_stepsAsideForAChosenFileOrTheTestsOwn_andOnlyThen() throws Exception {
        Path withTestConfiguration = Files.createTempDirectory("logback-test");
        Files.writeString(withTestConfiguration.resolve(JsonLogConfigurator.TEST_CONFIGURATION), "<configuration/>");
        try (URLClassLoader none = new URLClassLoader(new URL[0], null);
                URLClassLoader tests = new URLClassLoader(
                        new URL[] {withTestConfiguration.toUri().toURL()}, null)) {
            assertTrue(JsonLogConfigurator.stepsAside("local-logback.xml", none));
            assertTrue(JsonLogConfigurator.stepsAside(null, tests));
            assertFalse(JsonLogConfigurator.stepsAside(null, none));
        }

        LoggerContext context = new LoggerContext();
        JsonLogConfigurator configurator = new JsonLogConfigurator();
        configurator.setContext(context);
        String before = System.getProperty(JsonLogConfigurator.CONFIGURATION_FILE);
        System.setProperty(JsonLogConfigurator.CONFIGURATION_FILE, "local-logback.xml");
        try {
            assertEquals(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY, configurator.configure(context));
            assertEquals(null, context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender(JsonLogConfigurator.APPENDER));
        } finally {
            if (before == null) {
                System.clearProperty(JsonLogConfigurator.CONFIGURATION_FILE);
            } else {
                System.setProperty(JsonLogConfigurator.CONFIGURATION_FILE, before);
            }
            context.stop();
        }
    }
}
