package io.tenantry.local.invoke;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The machine a benchmark ran on, as {@code nproc}, {@code free -g} and {@code /proc/cpuinfo} tell it. */
record Machine(
        int processors,
        long memoryGiB,
        String cpu,
        String os,
        String jdk,
        String runtimeInterfaceClient,
        String loadAverage) {

    static Machine describe(JavaHome java) {
        return new Machine(
                Runtime.getRuntime().availableProcessors(),
                totalMemoryGiB(),
                cpuModel(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
                        + System.getProperty("os.arch") + ")",
                java.version() + " (" + java.home() + ")",
                clientVersion(),
                currentLoadAverage());
    }

    String oneLine() {
        return processors + " CPUs (nproc), " + memoryGiB + " GiB memory (free -g), " + cpu + ", " + os + ", JDK " + jdk
                + ", aws-lambda-java-runtime-interface-client " + runtimeInterfaceClient + "; load average "
                + loadAverage + " when the run started";
    }

    private static long totalMemoryGiB() {
        return proc("/proc/meminfo", "MemTotal:")
                .map(v -> Long.parseLong(v.replace("kB", "").trim()) / (1024 * 1024))
                .orElse(-1L);
    }

    private static String cpuModel() {
        return proc("/proc/cpuinfo", "model name")
                .map(v -> v.replaceFirst("^\\s*:\\s*", ""))
                .orElse("unknown CPU");
    }

    private static String clientVersion() {
        return ManagedRuntime.classpath().stream()
                .map(p -> p.getFileName().toString())
                .filter(n -> n.startsWith("aws-lambda-java-runtime-interface-client-"))
                .map(n -> n.substring("aws-lambda-java-runtime-interface-client-".length())
                        .replace(".jar", ""))
                .findFirst()
                .orElse("?");
    }

    /** The 1, 5 and 15 minute load averages, as {@code uptime} shows them. */
    private static String currentLoadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + ", " + fields[1] + ", " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static Optional<String> proc(String file, String key) {
        try {
            List<String> lines = Files.readAllLines(Path.of(file));
            return lines.stream()
                    .filter(l -> l.startsWith(key))
                    .map(l -> l.substring(key.length()).replaceFirst("^:", "").trim())
                    .findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
