package io.tenantry.local.invoke;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The command line of {@code invoke} and {@code bench}. */
record Options(
        String logicalId,
        String event,
        Path envVars,
        int repeat,
        boolean build,
        Path template,
        URI endpoint,
        Path javaHome,
        boolean snapStart,
        boolean all,
        boolean verbose,
        Path out,
        Path results,
        Set<String> only,
        boolean help) {

    static final String INVOKE_USAGE = """
            Usage: invoke <LogicalId> -e <event file | -> [options]
                   invoke --all [options]

            Runs a function of template.yaml as Lambda's java21 runtime does: builds its artifact (make
            build-<LogicalId>, as sam build does), starts the embedded AWS emulators with the template's
            resources, and runs the artifact in its own JVM through AWS's runtime interface client against a
            Lambda Runtime API served here. The result goes to stdout, the function's logs and Lambda's
            START/END/REPORT lines to stderr. Exit status: 0 ok, 1 the function failed, 2 bad usage,
            3 it could not be run (build, platform, emulators).

              -e, --event FILE        the event (a file from events/, or - for stdin)
              -n, --env-vars FILE     environment overrides in sam's format ({"Parameters": {...}}, {"<LogicalId>": {...}})
                  --repeat N          N invocations of the event in one JVM; reports init, first, warm p50/p99, peak RSS
                  --no-build          use .aws-sam/build/<LogicalId> as it is
              -t, --template FILE     the template (default: template.yaml of the project around the working directory)
                  --endpoint URL      use AWS-compatible services at URL (moto_server, LocalStack) instead of the emulators
                  --java-home DIR     run the function on this JDK (default: the one running this command)
                  --snapstart         initialise in snap-start mode: the CRaC beforeCheckpoint/afterRestore hooks run
                                      (priming), then the invocations; no snapshot is taken or restored
                  --all               every function with its events/**/<LogicalId>.json, checked (CI)
                  --verbose           with --all: stream every function's logs
              -h, --help              this text
            """;

    static final String BENCH_USAGE = """
            Usage: bench [--repeat N] [--only LogicalId,...] [--out docs/BENCHMARKS.md] [--results FILE] [options]

            Runs every function of template.yaml with its events/**/<LogicalId>.json, N times in one JVM each
            (default 100), as invoke --repeat does, and writes the init / first / warm p50 / p99 / peak RSS
            figures to a JSON results file (default target/bench/results.json, or results-snapstart.json)
            and a Markdown table into --out (default docs/BENCHMARKS.md, between its <!-- bench:start -->
            and <!-- bench:end --> markers, or bench:snapstart:start/end with --snapstart; created when
            missing). Relative paths are taken from the project root.

                  --repeat N          invocations per function (default 100)
                  --only IDS          measure only these functions (comma-separated logical ids); the others run
                                      once, unreported, for what they create (the tenant, the resources the
                                      measured events name); the table then goes to target/bench/only.md
                  --out FILE          the Markdown file
                  --results FILE      the JSON results file
                  --no-build, -t/--template, --endpoint, --java-home, --snapstart, --verbose: as for invoke
              -h, --help              this text
            """;

    /** Parses {@code invoke}'s arguments; throws {@link UsageException}. */
    static Options parseInvoke(String... args) {
        return parse(false, args);
    }

    /** Parses {@code bench}'s arguments; throws {@link UsageException}. */
    static Options parseBench(String... args) {
        return parse(true, args);
    }

    private static Options parse(boolean bench, String... args) {
        String logicalId = null;
        String event = null;
        Path envVars = null;
        Integer repeat = null;
        boolean build = true;
        Path template = null;
        URI endpoint = null;
        Path javaHome = null;
        boolean snapStart = false;
        boolean all = bench;
        boolean verbose = false;
        Path out = null;
        Path results = null;
        Set<String> only = Set.of();
        boolean help = false;
        List<String> positional = new ArrayList<>();
        int[] cursor = {0};
        for (; cursor[0] < args.length; cursor[0]++) {
            String arg = args[cursor[0]];
            String inline = null;
            if (arg.startsWith("--") && arg.contains("=")) {
                inline = arg.substring(arg.indexOf('=') + 1);
                arg = arg.substring(0, arg.indexOf('='));
            }
            switch (arg) {
                case "-h", "--help" -> help = true;
                case "-e", "--event" -> event = value(args, arg, inline, !bench, cursor);
                case "-n", "--env-vars" -> envVars = Path.of(value(args, arg, inline, true, cursor));
                case "--repeat" -> {
                    String text = value(args, arg, inline, true, cursor);
                    try {
                        repeat = Integer.parseInt(text);
                    } catch (NumberFormatException e) {
                        throw new UsageException("--repeat takes a number, not " + text);
                    }
                    if (repeat < 1) {
                        throw new UsageException("--repeat must be at least 1");
                    }
                }
                case "--no-build" -> build = false;
                case "-t", "--template" -> template = Path.of(value(args, arg, inline, true, cursor));
                case "--endpoint" -> {
                    String text = value(args, arg, inline, true, cursor);
                    endpoint = URI.create(text);
                    if (endpoint.getScheme() == null || endpoint.getHost() == null) {
                        throw new UsageException("--endpoint takes a URL such as http://127.0.0.1:5000, not " + text);
                    }
                }
                case "--java-home" -> javaHome = Path.of(value(args, arg, inline, true, cursor));
                case "--snapstart" -> snapStart = true;
                case "--all" -> {
                    if (bench) {
                        throw new UsageException("bench always runs every function");
                    }
                    all = true;
                }
                case "--verbose" -> verbose = true;
                case "--out" -> out = Path.of(value(args, arg, inline, bench, cursor));
                case "--results" -> results = Path.of(value(args, arg, inline, bench, cursor));
                case "--only" -> only = logicalIds(value(args, arg, inline, bench, cursor));
                default -> {
                    if (arg.startsWith("-") && !arg.equals("-")) {
                        throw new UsageException("Unknown option " + arg);
                    }
                    positional.add(arg);
                }
            }
        }
        if (help) {
            return new Options(
                    null, null, null, 1, build, template, endpoint, javaHome, snapStart, all, verbose, out, results,
                    only, true);
        }
        if (bench) {
            if (!positional.isEmpty()) {
                throw new UsageException("bench takes no function name: it runs them all (" + positional + ")");
            }
            return new Options(
                    null,
                    null,
                    envVars,
                    repeat == null ? 100 : repeat,
                    build,
                    template,
                    endpoint,
                    javaHome,
                    snapStart,
                    true,
                    verbose,
                    out == null ? Path.of(only.isEmpty() ? "docs/BENCHMARKS.md" : "target/bench/only.md") : out,
                    results == null
                            ? Path.of(snapStart ? "target/bench/results-snapstart.json" : "target/bench/results.json")
                            : results,
                    only,
                    false);
        }
        if (all) {
            if (!positional.isEmpty() || event != null) {
                throw new UsageException("--all takes no function name or event: it runs every function with its"
                        + " events/**/<LogicalId>.json");
            }
        } else {
            if (positional.size() != 1) {
                throw new UsageException(
                        positional.isEmpty()
                                ? "Name the function to invoke (its logical id in template.yaml), or --all"
                                : "One function at a time: " + positional);
            }
            logicalId = positional.getFirst();
            if (event == null) {
                throw new UsageException("-e <event file> is required (- reads the event from stdin); the samples are"
                        + " in events/, e.g. -e events/tenants/GetTenantFunction.json");
            }
        }
        return new Options(
                logicalId,
                event,
                envVars,
                repeat == null ? 1 : repeat,
                build,
                template,
                endpoint,
                javaHome,
                snapStart,
                all,
                verbose,
                null,
                null,
                Set.of(),
                false);
    }

    /** {@code --only}'s comma-separated logical ids (at least one). */
    private static Set<String> logicalIds(String text) {
        Set<String> ids = new LinkedHashSet<>();
        for (String id : text.split(",")) {
            if (!id.isBlank()) {
                ids.add(id.strip());
            }
        }
        if (ids.isEmpty()) {
            throw new UsageException(
                    "--only takes logical ids, such as --only GetProjectFunction,ListProjectsFunction");
        }
        return Set.copyOf(ids);
    }

    /** The option's value: after its {@code =}, else the next argument (which the cursor then moves past). */
    private static String value(String[] args, String option, String inline, boolean allowed, int[] cursor) {
        if (!allowed) {
            throw new UsageException("Unknown option " + option);
        }
        if (inline != null) {
            return inline;
        }
        if (cursor[0] + 1 >= args.length) {
            throw new UsageException(option + " needs a value");
        }
        return args[++cursor[0]];
    }

    /** A command line that cannot be run; the message says why. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
