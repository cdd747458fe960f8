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
 * @param jsonLogs whether the functions' own logs on standard output keep Lambda's shape (one JSON object a line)
 *     rather than a readable line each
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
        Duration asyncRetryDelay,
        boolean jsonLogs) {

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

    /**
     * Options changed one by one from the defaults (ports 3000 and 3001 on 127.0.0.1, data in memory, no timers,
     * handlers built just after start): what {@link #parse} and the tests do.
     */
    public static Builder builder(Path template) {
        return new Builder(template);
    }

    /** The options being set: each starts at its default. */
    public static final class Builder {
        private Path template;
        private String host = DEFAULT_HOST;
        private int apiPort = DEFAULT_API_PORT;
        private int lambdaPort = DEFAULT_LAMBDA_PORT;
        private Path dataDir;
        private Path envVars;
        private Map<String, String> parameterOverrides = Map.of();
        private boolean schedules;
        private Path logFile;
        private boolean warmHandlers = true;
        private String trustedJwks;
        private Duration asyncRetryDelay = DEFAULT_ASYNC_RETRY_DELAY;
        private boolean jsonLogs;

        private Builder(Path template) {
            this.template = template;
        }

        public Builder ports(int api, int lambda) {
            this.apiPort = api;
            this.lambdaPort = lambda;
            return this;
        }

        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        public Builder envVars(Path file) {
            this.envVars = file;
            return this;
        }

        public Builder schedules(boolean on) {
            this.schedules = on;
            return this;
        }

        public Builder trustedJwks(String jwks) {
            this.trustedJwks = jwks;
            return this;
        }

        public Builder asyncRetryDelay(Duration delay) {
            this.asyncRetryDelay = delay;
            return this;
        }

        public BackendOptions build() {
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
                    asyncRetryDelay,
                    jsonLogs);
        }
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
              --log-format text|json    the functions' own logs on standard output: a readable line each
                                        (text, the default: time, level, function, message, tenant, request),
                                        or one JSON object a line as Lambda writes them to CloudWatch (json)
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
        Builder options = builder(defaultTemplate);
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
                case "--port", "-p" -> options.apiPort = port(option, value(option, value, rest));
                case "--lambda-port" -> options.lambdaPort = port(option, value(option, value, rest));
                case "--host" -> options.host = value(option, value, rest);
                case "--data-dir" -> options.dataDir = Path.of(value(option, value, rest));
                case "--env-vars", "-n" -> options.envVars = Path.of(value(option, value, rest));
                case "--parameter-overrides" ->
                    options.parameterOverrides = TemplateParameters.parseOverrides(value(option, value, rest));
                case "--schedules" -> options.schedules = true;
                case "--log-file" -> options.logFile = Path.of(value(option, value, rest));
                case "--log-format" ->
                    options.jsonLogs = switch (value(option, value, rest)) {
                        case "text" -> false;
                        case "json" -> true;
                        default -> throw new IllegalArgumentException("--log-format is text or json.");
                    };
                case "--lazy" -> options.warmHandlers = false;
                case "--async-retry-delay" -> options.asyncRetryDelay = seconds(option, value(option, value, rest));
                case "--template", "-t" -> options.template = Path.of(value(option, value, rest));
                default -> throw new IllegalArgumentException("Unknown option '" + option + "'.\n\n" + USAGE);
            }
        }
        if (options.apiPort != 0 && options.apiPort == options.lambdaPort) {
            throw new IllegalArgumentException(
                    "--port and --lambda-port must differ (both are " + options.apiPort + ").");
        }
        return options.build();
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
