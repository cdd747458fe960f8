package io.tenantry.local;

import io.tenantry.local.backend.BackendOptions;
import io.tenantry.local.backend.LocalBackend;
import io.tenantry.local.backend.http.ApiReference;
import io.tenantry.local.function.Console;
import io.tenantry.local.invoke.BenchCommand;
import io.tenantry.local.invoke.InvokeCommand;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./tenantry <command>}: {@code start} runs the local backend until stopped (Ctrl-C, SIGTERM); {@code invoke}
 * and {@code bench} run functions as Lambda's runtime does (the local/invoke module); {@code reference} writes the API
 * reference page as one file; {@code help}.
 */
public final class Main {
    /** The template {@code start} serves unless {@code --template} says otherwise (the launcher sets the root's). */
    static final String TEMPLATE_PROPERTY = "tenantry.template";

    private static final String HELP = """
            Usage: ./tenantry <command> [options]

            Commands:
              start     run the whole backend of template.yaml on this machine (HTTP API on :3000,
                        Lambda Invoke API on :3001, embedded DynamoDB, SQS and S3); Ctrl-C stops it
              invoke    run one function as Lambda's Java runtime does, with an event file
              bench     measure functions' cold and warm invocations
              reference write the API reference page as one self-contained HTML file, for the
                        deployed API: ./tenantry reference [--out FILE] (default target/reference.html)
              help      this text
            """;

    private Main() {}

    public static void main(String[] args) {
        // Before anything uses java.net.http, which reads it once: the webhook sender sets Host to the name it
        // pinned to a checked address (docs/webhooks.md), and all functions share this JVM.
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
        int status = run(System.out, System.err, args);
        if (status != 0 || args.length == 0 || !args[0].equals("start")) {
            System.exit(status);
        }
    }

    /** Runs a command; {@code start} returns only once the backend has stopped. The exit status. */
    static int run(PrintStream out, PrintStream err, String... args) {
        Console console = new Console(out, err);
        List<String> rest = Arrays.asList(args).subList(Math.min(1, args.length), args.length);
        String command = args.length == 0 ? "help" : args[0];
        return switch (command) {
            case "start" -> start(console, out, rest);
            case "invoke" -> InvokeCommand.run(rest.toArray(String[]::new));
            case "bench" -> BenchCommand.run(rest.toArray(String[]::new));
            case "reference" -> reference(console, rest, projectRoot());
            case "help", "--help", "-h" -> {
                out.print(HELP + "\n" + BackendOptions.USAGE);
                yield 0;
            }
            default -> {
                err.print("Unknown command '" + command + "'.\n\n" + HELP);
                yield 2;
            }
        };
    }

    private static int start(Console console, PrintStream out, List<String> args) {
        if (args.contains("--help") || args.contains("-h")) {
            out.print(BackendOptions.USAGE);
            return 0;
        }
        BackendOptions options;
        try {
            options = BackendOptions.parse(args, Path.of(System.getProperty(TEMPLATE_PROPERTY, "template.yaml")));
        } catch (IllegalArgumentException e) {
            console.error(e.getMessage());
            return 2;
        }
        configureLogging(options);
        LocalBackend backend;
        try {
            backend = LocalBackend.start(options, console);
        } catch (LocalBackend.StartException e) {
            console.error(e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            console.info("Stopping the Tenantry local backend...");
                            backend.close();
                            console.info("Stopped.");
                            stopped.countDown();
                        },
                        "tenantry-stop"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /**
     * {@code reference [--out FILE]}: the API reference page with the root's docs/openapi.yaml embedded, written to
     * FILE (default: target/reference.html under the root), for publishing beside the deployed API.
     */
    static int reference(Console console, List<String> args, Path root) {
        Path out = root.resolve("target").resolve("reference.html");
        if (args.size() == 2 && args.getFirst().equals("--out")) {
            out = Path.of(args.get(1));
        } else if (!args.isEmpty()) {
            console.error("Usage: ./tenantry reference [--out FILE]");
            return 2;
        }
        Path document = root.resolve("docs").resolve("openapi.yaml");
        try {
            String page = ApiReference.standalonePage(Files.readString(document));
            Path parent = out.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Files.writeString(out, page);
        } catch (IOException e) {
            console.error("Cannot write the API reference page: " + e);
            return 1;
        }
        console.info("Wrote " + out + ": " + document + " and its renderer in one page; open it in a browser, or"
                + " publish it for the deployed API.");
        return 0;
    }

    /** The directory of the template {@code start} serves by default: the repository's root. */
    private static Path projectRoot() {
        return Path.of(System.getProperty(TEMPLATE_PROPERTY, "template.yaml"))
                .toAbsolutePath()
                .getParent();
    }

    /**
     * Chooses the Logback configuration before anything logs: the functions' logs on standard output as readable lines
     * (the default) or as Lambda's JSON ({@code --log-format json}), or as JSON in the {@code --log-file}; the
     * emulators' {@code java.util.logging} chatter (start-up notices) only when it warns.
     */
    static void configureLogging(BackendOptions options) {
        if (options.logFile() != null && System.getProperty(Console.LOGBACK_CONFIGURATION) == null) {
            System.setProperty(
                    "tenantry.local.log-file",
                    options.logFile().toAbsolutePath().toString());
        }
        Console.useLogback(
                options.logFile() != null
                        ? "tenantry-local-logback-file.xml"
                        : options.jsonLogs() ? "tenantry-local-logback.xml" : "tenantry-local-logback-text.xml");
    }
}
