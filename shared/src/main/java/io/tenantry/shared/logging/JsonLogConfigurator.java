package io.tenantry.shared.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.NopStatusListener;

/**
 * Every function's logging, set up in code: one JSON object per line on standard output (Lambda's log pipe), with
 * the request id and tenant id from the MDC and each event's key-value pairs (method, path, status, durationMs, ...);
 * the root at {@code TENANTRY_LOG_LEVEL} (INFO unless set), the SDK and Micronaut at WARN. Logback finds it through
 * {@code META-INF/services} before it looks for an XML file, so a function's init never loads Joran and the JDK's
 * XML parser (about 370 classes and 40 ms of a cold start: docs/BENCHMARKS.md).
 *
 * <p>Where a configuration file is chosen ({@code -Dlogback.configurationFile}, as the local backend and
 * {@code ./tenantry invoke} do) or a {@code logback-test.xml} is on the class path (the tests), it steps aside and
 * Logback reads that file as usual.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class JsonLogConfigurator extends ContextAwareBase implements Configurator {
    /** The environment variable with the root level (TRACE, DEBUG, INFO, WARN, ERROR, OFF). */
    public static final String LEVEL_VARIABLE = "TENANTRY_LOG_LEVEL";

    static final String APPENDER = "JSON";
    static final String CONFIGURATION_FILE = "logback.configurationFile";
    static final String TEST_CONFIGURATION = "logback-test.xml";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (stepsAside(System.getProperty(CONFIGURATION_FILE), JsonLogConfigurator.class.getClassLoader())) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        apply(context, System.getenv(LEVEL_VARIABLE));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Whether Logback should read a file instead: one is chosen, or the tests' own is on the class path. */
    static boolean stepsAside(String configurationFile, ClassLoader classLoader) {
        return configurationFile != null || classLoader.getResource(TEST_CONFIGURATION) != null;
    }

    /**
     * Sets up {@code context} as a function's logging, with the root at {@code rootLevel} (INFO when null or not a
     * level's name). Public for the tests that count what a function logs as deployed.
     */
    public static void apply(LoggerContext context, String rootLevel) {
        context.getStatusManager().add(new NopStatusListener());

        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.setWithContext(false);
        encoder.setWithThreadName(false);
        encoder.setWithMessage(false);
        encoder.setWithArguments(false);
        encoder.setWithFormattedMessage(true);
        encoder.start();

        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName(APPENDER);
        appender.setEncoder(encoder);
        appender.start();

        context.getLogger("software.amazon.awssdk").setLevel(Level.WARN);
        context.getLogger("io.micronaut").setLevel(Level.WARN);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(rootLevel, Level.INFO));
        root.addAppender(appender);
    }
}
