package io.tenantry.shared.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.status.Status;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

/** The logback every function ships: a version without the known CVEs, and its JSON lines as the docs describe them. */
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
    void theShippedConfiguration_loadsWithoutErrors_andWritesOneJsonLinePerEvent() throws Exception {
        LoggerContext context = new LoggerContext();
        String line;
        try {
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(getClass().getResource("/logback.xml"));
            List<Status> problems = context.getStatusManager().getCopyOfStatusList().stream()
                    .filter(s -> s.getEffectiveLevel() >= Status.WARN)
                    .toList();
            assertEquals(List.of(), problems, "logback.xml uses only what this logback knows");

            Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
            Encoder<ILoggingEvent> encoder =
                    ((OutputStreamAppender<ILoggingEvent>) root.getAppender("JSON")).getEncoder();
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
        assertTrue(json.contains("\"requestId\":\"req-1\""), json);
        assertTrue(json.contains("\"tenantId\":\"ten_1\""), json);
        assertTrue(json.contains("\"method\":\"GET\""), json);
        assertTrue(json.contains("\"formattedMessage\":\"request\""), json);
    }
}
