package io.tenantry.local.invoke;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How Lambda's managed {@code java21} runtime starts a function's JVM, as far as it can be reproduced here.
 *
 * <p>The command line, as dumped from inside managed Java functions (java17 and java11 runtimes; java21 runs the
 * same bootstrap): {@code java -XX:MaxHeapSize=<heap>k -XX:+UseSerialGC -Xshare:on
 * -XX:SharedArchiveFile=/var/lang/lib/server/runtime.jsa -XX:+TieredCompilation -XX:TieredStopAtLevel=1
 * --add-opens=java.base/java.io=ALL-UNNAMED -Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac
 * -XX:+ErrorFileToStderr -classpath <runtime interface client jars> com.amazonaws.services.lambda.runtime.api.client.AWSLambda
 * <handler>}, started in the task root ({@code /var/task}). The function's code is not on that classpath: the client
 * loads it with its own class loader from the working directory and its {@code lib/*.jar}.
 */
public final class ManagedRuntime {
    /** The runtime interface client's entry point. */
    public static final String MAIN_CLASS = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

    /** The runtime this reproduces; {@code Runtime} in the template. */
    public static final String RUNTIME = "java21";

    /** {@code AWS_EXECUTION_ENV} of that runtime. */
    public static final String EXECUTION_ENV = "AWS_Lambda_java21";

    /** How long Lambda lets the init phase of an on-demand environment run before it retries it in the invoke. */
    public static final int INIT_PHASE_LIMIT_SECONDS = 10;

    private static final String CLASSPATH_RESOURCE = "lambda-runtime.classpath";

    private ManagedRuntime() {}

    /**
     * {@code -XX:MaxHeapSize} in KiB for a function of {@code memoryMb}: the memory size less a metaspace share (10 %
     * rounded to the KiB, at most 160 MiB) and a code-cache share (half the metaspace share). That is the split the
     * java8 and java11 runtimes spell out with {@code -XX:MaxMetaspaceSize} and {@code -XX:ReservedCodeCacheSize},
     * and the heap the java11 and java17 runtimes were seen to get: 85 % up to 1,600 MB (128 → 111412k, 256 →
     * 222823k, 512 → 445645k, 1024 → 891289k, exact), the memory size less 240 MiB above it (2048 → 1851392k; seen:
     * 1848320k–1849344k, within 3 MiB). docs/local-invoke.md names the sources.
     */
    public static long maxHeapKilobytes(int memoryMb) {
        if (memoryMb <= 0) {
            throw new IllegalArgumentException("MemorySize must be positive: " + memoryMb);
        }
        long total = memoryMb * 1024L;
        long metaspace = Math.min(Math.round(total * 0.10), 160 * 1024L);
        long codeCache = metaspace / 2;
        return total - metaspace - codeCache;
    }

    /**
     * The JVM options, in the managed runtime's order, for a function of {@code memoryMb} run on a JDK of
     * {@code featureVersion}. {@code -Xshare:auto} stands for the runtime's {@code -Xshare:on} with its own
     * archive. On JDKs newer than the runtime's, options that only silence warnings the managed runtime never
     * prints (restricted native access for the client's JNI library, {@code sun.misc.Unsafe} use) are added.
     * {@code JAVA_TOOL_OPTIONS} from the function's environment is read by the JVM itself, after these.
     */
    public static List<String> jvmOptions(int memoryMb, int featureVersion) {
        List<String> options = new ArrayList<>(List.of(
                "-XX:MaxHeapSize=" + maxHeapKilobytes(memoryMb) + "k",
                "-XX:+UseSerialGC",
                "-Xshare:auto",
                "-XX:+TieredCompilation",
                "-XX:TieredStopAtLevel=1",
                "--add-opens=java.base/java.io=ALL-UNNAMED",
                "-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac",
                "-XX:+ErrorFileToStderr"));
        if (featureVersion >= 22) {
            options.add("--enable-native-access=ALL-UNNAMED");
        }
        if (featureVersion >= 24) {
            options.add("--sun-misc-unsafe-memory-access=allow");
        }
        return List.copyOf(options);
    }

    /**
     * The child JVM's classpath: the runtime interface client and its dependencies, as resolved by this module's
     * build (a resource written by {@code dependency:build-classpath}). Fails naming a jar that is gone.
     */
    public static List<Path> classpath() {
        String text;
        try (InputStream in = ManagedRuntime.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The runtime interface client's classpath (resource "
                        + CLASSPATH_RESOURCE + ") is missing: build local/invoke with Maven"
                        + " (./mvnw -pl local/invoke -am install -DskipTests)");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + CLASSPATH_RESOURCE, e);
        }
        List<Path> jars = Arrays.stream(text.split(java.io.File.pathSeparator))
                .filter(s -> !s.isBlank())
                .map(Path::of)
                .toList();
        if (jars.stream()
                .noneMatch(p -> p.getFileName().toString().startsWith("aws-lambda-java-runtime-interface-client"))) {
            throw new IllegalStateException("The runtime interface client is not on its classpath: " + text);
        }
        for (Path jar : jars) {
            if (!Files.exists(jar)) {
                throw new IllegalStateException(
                        jar + " (the runtime interface client's classpath) does not exist: rebuild local/invoke");
            }
        }
        return jars;
    }
}
