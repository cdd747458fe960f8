package io.tenantry.local.invoke;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * The plain baseline {@code bench} measures every function against: {@code local/baseline}'s {@code
 * PlainGetItemHandler}, a {@code RequestHandler} with no framework that makes {@link #MEASURED}'s one DynamoDB call.
 * It runs as that function does (its memory, its environment, the same runtime interface client and emulators) with
 * that function's seeded event, so it reads the same item; each function's init is then reported as a ratio to its
 * init.
 */
final class Baseline {
    /** The function whose configuration, environment and seeded event the baseline takes. */
    static final String MEASURED = "GetProjectFunction";

    static final String NAME = "PlainGetItemHandler (baseline)";
    static final String HANDLER = "io.tenantry.local.baseline.PlainGetItemHandler::handleRequest";
    static final String MODULE = "local/baseline";

    private Baseline() {}

    /**
     * The baseline's artifact, laid out as a function's ({@code target/classes} at the root, {@code target/lib} in
     * {@code lib/}), in {@code target/bench/baseline} of the project; fails when the module is not built.
     */
    static Path artifact(Project project) {
        Path module = project.root().resolve(MODULE).resolve("target");
        Path classes = module.resolve("classes");
        Path lib = module.resolve("lib");
        if (!Files.isDirectory(classes) || !Files.isDirectory(lib)) {
            throw new ArtifactBuilder.BuildException(MODULE + " is not built: ./mvnw -q -pl " + MODULE
                    + " package (./tenantry builds it with the local tools)");
        }
        Path artifact = project.root().resolve("target").resolve("bench").resolve("baseline");
        ArtifactBuilder.deleteRecursively(artifact);
        try {
            copyTree(classes, artifact);
            copyTree(lib, artifact.resolve("lib"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot lay out the baseline's artifact in " + artifact, e);
        }
        return artifact;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : paths.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
