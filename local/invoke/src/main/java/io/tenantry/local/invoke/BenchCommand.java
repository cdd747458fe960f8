package io.tenantry.local.invoke;

import io.tenantry.local.template.TemplateException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code bench [--repeat N] [--out docs/BENCHMARKS.md]}: every function of the template with its sample event, N
 * invocations in one execution environment each, as {@code invoke --repeat N} runs one. Writes init, first-invocation,
 * warm p50/p99 and peak RSS figures to a JSON results file and a Markdown table (with the machine and the command)
 * into the {@code --out} file. Exit status 1 when a function failed (the files are written all the same).
 */
public final class BenchCommand {
    private BenchCommand() {}

    public static void main(String... args) {
        System.exit(run(args));
    }

    /** Runs the command with this JVM's standard streams; returns the exit status. */
    public static int run(String... args) {
        return run(System.out, System.err, args);
    }

    static int run(PrintStream out, PrintStream err, String... args) {
        return InvokeCommand.quietly(err, () -> runWith(out, err, args));
    }

    private static int runWith(PrintStream out, PrintStream err, String... args) {
        Options options;
        try {
            options = Options.parseBench(args);
        } catch (Options.UsageException e) {
            err.println("bench: " + e.getMessage());
            err.println("(bench --help for the options)");
            return InvokeCommand.USAGE;
        }
        if (options.help()) {
            out.print(Options.BENCH_USAGE);
            return InvokeCommand.OK;
        }
        Optional<String> unsupported = Platform.unsupported();
        if (unsupported.isPresent()) {
            err.println("bench: " + unsupported.get());
            return InvokeCommand.CANNOT_RUN;
        }
        try (Session session = Session.open(options, err)) {
            List<String> unknown = options.only().stream()
                    .filter(id -> !session.template().functions().containsKey(id))
                    .sorted()
                    .toList();
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("--only names no function of the template: " + unknown);
            }
            Machine machine = Machine.describe(session.java());
            FunctionSuite suite = new FunctionSuite(session, out, false).withBaseline(options.repeat());
            List<FunctionSuite.Result> results = suite.run(options.repeat(), options.only());
            FunctionSuite.Result baseline = suite.baseline();
            BenchmarkReport report = new BenchmarkReport(
                    options.snapStart(),
                    options.repeat(),
                    command(args),
                    SourceVersion.of(session.project().root()),
                    machine,
                    results,
                    baseline);
            Path root = session.project().root();
            Path json = root.resolve(options.results());
            Path markdown = root.resolve(options.out());
            report.writeJson(json);
            report.writeMarkdown(markdown);
            out.println("bench: results in " + session.project().relative(json) + ", table in "
                    + session.project().relative(markdown));
            return baseline.passed() && results.stream().allMatch(FunctionSuite.Result::passed)
                    ? InvokeCommand.OK
                    : InvokeCommand.FUNCTION_FAILED;
        } catch (IllegalArgumentException | TemplateException e) {
            err.println("bench: " + e.getMessage());
            return InvokeCommand.USAGE;
        } catch (RuntimeException e) {
            err.println("bench: " + e);
            return InvokeCommand.CANNOT_RUN;
        }
    }

    /** The command as typed: {@code ./tenantry bench …} when run through the project's launcher. */
    static String command(String... args) {
        boolean launcher = StackWalker.getInstance()
                .walk(frames -> frames.anyMatch(f -> f.getClassName().equals("io.tenantry.local.Main")));
        String name = launcher ? "./tenantry bench" : "java io.tenantry.local.invoke.BenchCommand";
        return args.length == 0 ? name : name + " " + String.join(" ", args);
    }
}
