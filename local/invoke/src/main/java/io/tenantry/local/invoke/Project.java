package io.tenantry.local.invoke;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where things are: the project root (the directory holding the Makefile that builds the functions), the template,
 * the build output ({@code .aws-sam/build/<LogicalId>}, where {@code sam build} puts it) and the sample events.
 */
record Project(Path root, Path template) {
    /** The template the {@code ./tenantry} launcher names (its own directory's), used when none is given. */
    static final String TEMPLATE_PROPERTY = "tenantry.template";

    /**
     * The project of {@code template} (the nearest directory at or above it with a Makefile); without one, that of
     * the template the launcher names ({@value #TEMPLATE_PROPERTY}), else the nearest directory at or above the
     * working directory holding both {@code template.yaml} and a Makefile.
     */
    static Project locate(Path template) {
        if (template != null) {
            Path file = template.toAbsolutePath().normalize();
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("--template " + template + ": no such file");
            }
            for (Path dir = file.getParent(); dir != null; dir = dir.getParent()) {
                if (Files.isRegularFile(dir.resolve("Makefile"))) {
                    return new Project(dir, file);
                }
            }
            throw new IllegalArgumentException("No Makefile at or above " + file.getParent()
                    + ": the functions are built with make build-<LogicalId>, as sam build does");
        }
        String launcherTemplate = System.getProperty(TEMPLATE_PROPERTY);
        if (launcherTemplate != null && !launcherTemplate.isBlank()) {
            return locate(Path.of(launcherTemplate));
        }
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("template.yaml")) && Files.isRegularFile(dir.resolve("Makefile"))) {
                return new Project(dir, dir.resolve("template.yaml"));
            }
        }
        throw new IllegalArgumentException("No template.yaml next to a Makefile at or above " + start
                + "; run from the project or pass --template");
    }

    /** Where {@code sam build} puts a function's artifact. */
    Path artifact(String logicalId) {
        return root.resolve(".aws-sam").resolve("build").resolve(logicalId);
    }

    Path events() {
        return root.resolve("events");
    }

    /** {@code events/**}{@code /<LogicalId>.json}; fails when there are several. */
    Optional<Path> eventFile(String logicalId) {
        if (!Files.isDirectory(events())) {
            return Optional.empty();
        }
        String name = logicalId + ".json";
        try (Stream<Path> files = Files.walk(events())) {
            List<Path> found = files.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().equals(name))
                    .sorted()
                    .toList();
            if (found.size() > 1) {
                throw new IllegalStateException("Several sample events for " + logicalId + ": " + found);
            }
            return found.stream().findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + events(), e);
        }
    }

    /** A path as the user would type it from the root. */
    String relative(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        return absolute.startsWith(root) ? root.relativize(absolute).toString() : absolute.toString();
    }
}
