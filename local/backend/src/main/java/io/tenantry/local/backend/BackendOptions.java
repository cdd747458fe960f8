package io.tenantry.local.backend;

import io.tenantry.local.backend.async.AsyncInvoker;
import io.tenantry.local.backend.config.TemplateParameters;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How to run the local backend: {@code ./tenantry start} options, or what a test sets. Port 0 picks a free port.
 *
 * @param trustedJwks test-only: another JWK set the gateway's authorizer trusts besides the local identity provider
 *     (null for none)
 * @param asyncRetryDelay how long an asynchronous invocation that failed waits for its first retry; the second waits
 *     twice as long (Lambda waits about a minute, then two)
 */
public record BackendOptions(
        Path template,
        String host,
        int apiPort,
        int lambdaPort,
        Path dataDir,
        Path envVars,
        Map<String, String> parameterOverrides,
        boolean schedules,
        Path logFile,
        boolean warmHandlers,
        String trustedJwks,
        Duration asyncRetryDelay) {

    public static final int DEFAULT_API_PORT = 3000;
    public static final int DEFAULT_LAMBDA_PORT = 3001;
    public static final String DEFAULT_HOST = "127.0.0.1";

    public static final Duration DEFAULT_ASYNC_RETRY_DELAY = AsyncInvoker.DEFAULT_RETRY_DELAY;

    public BackendOptions {
        parameterOverrides = Map.copyOf(parameterOverrides);
        if (asyncRetryDelay == null) {
            asyncRetryDelay = DEFAULT_ASYNC_RETRY_DELAY;
        }
        if (asyncRetryDelay.isNegative()) {
            throw new IllegalArgumentException("The retry delay of asynchronous invocations cannot be negative.");
        }
    }

    /** The defaults for a template: ports 3000 and 3001 on 127.0.0.1, data in memory, no timers. */
    public static BackendOptions defaults(Path template) {
        return new BackendOptions(
                template,
                DEFAULT_HOST,
                DEFAULT_API_PORT,
                DEFAULT_LAMBDA_PORT,
                null,
                null,
                Map.of(),
                false,
                null,
                true,
                null,
                DEFAULT_ASYNC_RETRY_DELAY);
    }

    public BackendOptions withPorts(int api, int lambda) {
        return new BackendOptions(
                template,
                host,
                api,
                lambda,
                dataDir,
                envVars,
                parameterOverrides,
                schedules,
                logFile,
                warmHandlers,
                trustedJwks,
                asyncRetryDelay);
    }

    public BackendOptions withDataDir(Path dir) {
        return new BackendOptions(
                template,
                host,
                apiPort,
                lambdaPort,
                dir,
                envVars,
                parameterOverrides,
                schedules,
                logFile,
                warmHandlers,
                trustedJwks,
                asyncRetryDelay);
    }

    public BackendOptions withEnvVars(Path file) {
        return new BackendOptions(
                template,
                host,
                apiPort,
                lambdaPort,
                dataDir,
                file,
                parameterOverrides,
                schedules,
                logFile,
                warmHandlers,
                trustedJwks,
                asyncRetryDelay);
    }

    public BackendOptions withSchedules(boolean on) {
        return new BackendOptions(
                template,
                host,
                apiPort,
                lambdaPort,
                dataDir,
                envVars,
                parameterOverrides,
                on,
                logFile,
                warmHandlers,
                trustedJwks,
                asyncRetryDelay);
    }

    public BackendOptions withTrustedJwks(String jwks) {
        return new BackendOptions(
                template,
                host,
                apiPort,
                lambdaPort,
                dataDir,
                envVars,
                parameterOverrides,
                schedules,
                logFile,
                warmHandlers,
                jwks,
                asyncRetryDelay);
    }

    public BackendOptions withAsyncRetryDelay(Duration delay) {
        return new BackendOptions(
                template,
                host,
                apiPort,
                lambdaPort,
                dataDir,
                envVars,
                parameterOverrides,
                schedules,
                logFile,
                warmHandlers,
                trustedJwks,
                delay);
    }

    /** The usage text of {@code ./tenantry start}. */
    public static final String USAGE = """
            Usage: ./tenantry start [options]

            Runs the whole backend of template.yaml on this machine: the HTTP API, the Lambda Invoke API,
            queues, bucket notifications and schedules, on embedded DynamoDB, SQS and S3.

            Options:
              --port N                  the HTTP API's port (default 3000)
              --lambda-port N           the Lambda Invoke API's port (default 3001)
              --host ADDRESS            the address to listen on (default 127.0.0.1)
              --data-dir DIR            keep DynamoDB tables and S3 objects in DIR across restarts
                                        (queues stay in memory)
              --env-vars FILE           override functions' environment variables, in the format of
                                        `sam local invoke --env-vars` ({"Parameters": {...}, "<LogicalId>": {...}})
              --parameter-overrides "K=V K2=V2"
                                        values for the template's parameters
              --schedules               also fire Schedule/ScheduleV2 events on their rate/cron
                                        (they can always be fired with POST /local/schedules/<LogicalId>)
              --log-file FILE           write the functions' own JSON logs to FILE instead of standard output
              --lazy                    build each handler on its first invocation instead of just after start
              --async-retry-delay SECONDS
                                        how long a failed asynchronous invocation (Event, schedule, S3 event)
                                        waits for its first retry; the second waits twice as long
                                        (default 1; Lambda waits about 60)
              --template FILE           the SAM template (default: template.yaml)
            """;

    /** Parses {@code start}'s arguments; an {@link IllegalArgumentException} says what is wrong. */
    public static BackendOptions parse(List<String> args, Path defaultTemplate) {
        Path template = defaultTemplate;
        String host = DEFAULT_HOST;
        int api = DEFAULT_API_PORT;
        int lambda = DEFAULT_LAMBDA_PORT;
        Path dataDir = null;
        Path envVars = null;
        Map<String, String> parameters = Map.of();
        boolean schedules = false;
        Path logFile = null;
        boolean warm = true;
        Duration retryDelay = DEFAULT_ASYNC_RETRY_DELAY;
        List<String> rest = new ArrayList<>(args);
        while (!rest.isEmpty()) {
            String option = rest.removeFirst();
            String value = null;
            int eq = option.indexOf('=');
            if (option.startsWith("--") && eq > 0) {
                value = option.substring(eq + 1);
                option = option.substring(0, eq);
            }
            switch (option) {
                case "--port", "-p" -> api = port(option, value(option, value, rest));
                case "--lambda-port" -> lambda = port(option, value(option, value, rest));
                case "--host" -> host = value(option, value, rest);
                case "--data-dir" -> dataDir = Path.of(value(option, value, rest));
                case "--env-vars", "-n" -> envVars = Path.of(value(option, value, rest));
                case "--parameter-overrides" ->
                    parameters = TemplateParameters.parseOverrides(value(option, value, rest));
                case "--schedules" -> schedules = true;
                case "--log-file" -> logFile = Path.of(value(option, value, rest));
                case "--lazy" -> warm = false;
                case "--async-retry-delay" -> retryDelay = seconds(option, value(option, value, rest));
                case "--template", "-t" -> template = Path.of(value(option, value, rest));
                default -> throw new IllegalArgumentException("Unknown option '" + option + "'.\n\n" + USAGE);
            }
        }
        if (api != 0 && api == lambda) {
            throw new IllegalArgumentException("--port and --lambda-port must differ (both are " + api + ").");
        }
        return new BackendOptions(
                template, host, api, lambda, dataDir, envVars, parameters, schedules, logFile, warm, null, retryDelay);
    }

    private static Duration seconds(String option, String text) {
        try {
            BigDecimal seconds = new BigDecimal(text.trim());
            if (seconds.signum() < 0 || seconds.compareTo(BigDecimal.valueOf(86_400)) > 0) {
                throw new NumberFormatException();
            }
            return Duration.ofMillis(seconds.movePointRight(3).longValue());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    option + " needs a number of seconds (0 to 86400, such as 0.5 or 60), not '" + text + "'.");
        }
    }

    private static String value(String option, String inline, List<String> rest) {
        if (inline != null) {
            return inline;
        }
        if (rest.isEmpty() || rest.getFirst().startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value.\n\n" + USAGE);
        }
        return rest.removeFirst();
    }

    private static int port(String option, String text) {
        try {
            int port = Integer.parseInt(text);
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a port number (0-65535), not '" + text + "'.");
        }
    }
}
