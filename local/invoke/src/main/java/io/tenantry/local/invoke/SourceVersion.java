package io.tenantry.local.invoke;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Which code a benchmark measured: the project's git commit, and whether the work tree had changes. */
final class SourceVersion {
    private SourceVersion() {}

    /** {@code commit 528bb92}, {@code commit 528bb92 with uncommitted changes}, or {@code unknown (no git)}. */
    static String of(Path root) {
        String commit = git(root, "rev-parse", "--short", "HEAD");
        if (commit == null || commit.isBlank()) {
            return "unknown (no git)";
        }
        String status = git(root, "status", "--porcelain", "--untracked-files=no");
        return "commit " + commit.trim() + (status == null || status.isBlank() ? "" : " with uncommitted changes");
    }

    private static String git(Path root, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-C", root.toString()));
        command.addAll(List.of(args));
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return null;
            }
            return output;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
