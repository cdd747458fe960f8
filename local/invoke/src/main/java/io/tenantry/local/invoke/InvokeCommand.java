package io.tenantry.local.invoke;

import io.tenantry.local.function.Console;
import io.tenantry.local.function.Invocation;
import io.tenantry.local.template.TemplateException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.IntSupplier;

/**
 * {@code invoke <LogicalId> -e <event>}: {@code sam local invoke} without Docker. Builds the function's artifact
 * as {@code sam build} does, starts the embedded AWS emulators with the template's resources, and runs the artifact
 * in its own JVM through AWS's runtime interface client, as the managed {@code java21} runtime does, against a
 * Lambda Runtime API served here. {@code invoke --all} does that for every function with its sample event and
 * checks what each answers (CI). See docs/local-invoke.md.
 */
public final class InvokeCommand {
    /** Exit statuses. */
    static final int OK = 0;

    static final int FUNCTION_FAILED = 1;
    static final int USAGE = 2;
    static final int CANNOT_RUN = 3;

    private InvokeCommand() {}

    public static void main(String... args) {
        System.exit(run(args));
    }

    /** Runs the command with this JVM's standard streams; returns the exit status. */
    public static int run(String... args) {
        return run(System.in, System.out, System.err, args);
    }

    static int run(InputStream in, PrintStream out, PrintStream err, String... args) {
        return quietly(err, () -> runWith(in, out, err, args));
    }

    /**
     * Runs a command with the emulators kept quiet: Logback warnings only, and this JVM's standard output (where
     * DynamoDB Local prints its start-up notice) sent to {@code err} until the command ends; the result is the
     * command's own output.
     */
    static int quietly(PrintStream err, IntSupplier command) {
        Console.useLogback("io/tenantry/local/invoke/logback-invoke.xml");
        PrintStream systemOut = System.out;
        System.setOut(err);
        try {
            return command.getAsInt();
        } finally {
            System.setOut(systemOut);
        }
    }

    private static int runWith(InputStream in, PrintStream out, PrintStream err, String... args) {
        Options options;
        try {
            options = Options.parseInvoke(args);
        } catch (Options.UsageException e) {
            err.println("invoke: " + e.getMessage());
            err.println("(invoke --help for the options)");
            return USAGE;
        }
        if (options.help()) {
            out.print(Options.INVOKE_USAGE);
            return OK;
        }
        Optional<String> unsupported = Platform.unsupported();
        if (unsupported.isPresent()) {
            err.println("invoke: " + unsupported.get());
            return CANNOT_RUN;
        }
        try (Session session = Session.open(options, err)) {
            if (options.all()) {
                List<FunctionSuite.Result> results = new FunctionSuite(session, out).run(options.repeat());
                return results.stream().allMatch(FunctionSuite.Result::passed) ? OK : FUNCTION_FAILED;
            }
            return invokeOne(session, options, in, out, err);
        } catch (Options.UsageException | IllegalArgumentException | TemplateException e) {
            err.println("invoke: " + e.getMessage());
            return USAGE;
        } catch (ArtifactBuilder.BuildException e) {
            err.println("invoke: " + e.getMessage());
            return CANNOT_RUN;
        } catch (RuntimeException e) {
            err.println("invoke: " + e);
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                err.println("  caused by: " + cause);
            }
            return CANNOT_RUN;
        }
    }

    private static int invokeOne(Session session, Options options, InputStream in, PrintStream out, PrintStream err) {
        String logicalId = options.logicalId();
        if (!session.template().functions().containsKey(logicalId)) {
            err.println(
                    "invoke: " + session.project().relative(session.project().template()) + " has no function "
                            + logicalId + ". The functions are:");
            session.template().functions().keySet().forEach(id -> err.println("  " + id));
            return USAGE;
        }
        byte[] event = readEvent(options.event(), in);
        FunctionSpec spec = session.prepare(logicalId);
        err.println("Invoking " + spec.handler() + " (" + ManagedRuntime.RUNTIME + ", " + spec.memoryMb() + " MB, "
                + spec.timeoutSeconds() + " s) from " + session.project().relative(spec.artifact()) + " on "
                + session.aws().backend().description());
        UsageDelivery usage = new UsageDelivery(session.template());
        RunReport report = new FunctionRunner(usage.capturing(logicalId, err::println), err::println)
                .run(spec, event, options.repeat());
        if (report.initError() != null) {
            out.println(report.initError().text());
        } else {
            Invocation shown = report.firstFailure() != null ? report.firstFailure() : report.last();
            out.println(shown.payloadText());
        }
        out.flush();
        if (options.repeat() > 1 && report.initError() == null) {
            Stats stats = report.stats();
            err.println(String.format(
                    Locale.ROOT,
                    "SUMMARY %s\tInvocations: %d\tInit Duration: %.2f ms\tFirst: %.2f ms\tWarm p50: %.2f ms"
                            + "\tWarm p99: %.2f ms\tMax Memory Used: %d MB",
                    logicalId,
                    report.invocations().size(),
                    report.initMillis(),
                    stats.firstMillis(),
                    stats.warmP50Millis(),
                    stats.warmP99Millis(),
                    report.peakRssMegabytes()));
        }
        int lines = usage.pending().size();
        if (lines > 0) {
            // As the log group's subscription filter would: the usage lines the function printed, to the aggregator.
            String outcome;
            try {
                RunReport delivery = usage.deliver(session, line -> {});
                outcome = UsageDelivery.delivered(delivery) ? "" : ": FAILED, " + delivery.failureSummary();
            } catch (RuntimeException e) {
                outcome = ": not delivered, " + e.getMessage();
            }
            err.println("USAGE " + lines + " usage line(s) of " + logicalId + " delivered to "
                    + UsageDelivery.AGGREGATOR + outcome);
        }
        if (!report.succeeded()) {
            err.println("invoke: " + logicalId + " failed: " + report.failureSummary());
            return FUNCTION_FAILED;
        }
        return OK;
    }

    private static byte[] readEvent(String event, InputStream in) {
        try {
            if (event.equals("-")) {
                return in.readAllBytes();
            }
            return Files.readAllBytes(Path.of(event));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("-e " + event + ": no such file (the samples are in events/)");
        } catch (IOException e) {
            throw new IllegalArgumentException("-e " + event + ": " + e.getMessage());
        }
    }
}
