package io.tenantry.local.invoke;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Builds a function's artifact as {@code sam build} does for {@code BuildMethod: makefile}: {@code make
 * build-<LogicalId> ARTIFACTS_DIR=<dir>} in the project root, into an emptied directory. The Makefile skips the
 * Maven build while its stamps are fresh, so a second build of an unchanged function costs a copy.
 */
final class ArtifactBuilder {
    private final Project project;
    private final Consumer<String> output;

    ArtifactBuilder(Project project, Consumer<String> output) {
        this.project = project;
        this.output = output;
    }

    /** Builds {@code logicalId} into {@link Project#artifact}; fails with make's last lines. */
    Path build(String logicalId) {
        Path artifact = project.artifact(logicalId);
        deleteRecursively(artifact);
        List<String> command =
                List.of("make", "--no-print-directory", "build-" + logicalId, "ARTIFACTS_DIR=" + artifact);
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(project.root().toFile()).redirectErrorStream(true);
        String javaHome = System.getenv("JAVA_HOME");
        Path current = Path.of(System.getProperty("java.home"));
        if ((javaHome == null || javaHome.isBlank()) && Files.isExecutable(current.resolve("bin/javac"))) {
            builder.environment().put("JAVA_HOME", current.toString());
        }
        Deque<String> tail = new ArrayDeque<>();
        int status;
        try {
            Process process = builder.start();
            try (BufferedReader reader =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    output.accept(line);
                    if (tail.size() == 40) {
                        tail.removeFirst();
                    }
                    tail.addLast(line);
                }
            }
            status = process.waitFor();
        } catch (IOException e) {
            throw new BuildException("Cannot run make (" + e.getMessage() + "): the functions are built by the"
                    + " Makefile's build-<LogicalId> targets; install GNU make");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildException("Interrupted while building " + logicalId);
        }
        if (status != 0) {
            throw new BuildException(
                    String.join(" ", command) + " failed (exit " + status + "):\n" + String.join("\n", tail));
        }
        if (!Files.isDirectory(artifact.resolve("lib"))) {
            throw new BuildException(String.join(" ", command) + " left no lib/ in " + artifact);
        }
        return artifact;
    }

    /** Deletes {@code dir} and what it holds; nothing when it does not exist. */
    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot empty " + dir, e);
        }
    }

    /** The build failed; the message says how. */
    static final class BuildException extends RuntimeException {
        BuildException(String message) {
            super(message);
        }
    }
}
