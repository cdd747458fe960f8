package io.tenantry.local.testkit;

import io.tenantry.local.emulators.LambdaSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Event fixtures from the repository's {@code events/} folder (the files {@code sam local invoke -e} takes),
 * deserialised the way the Lambda Java runtime does: AWS's own event serializers (with their mix-ins) for the
 * event classes it knows, its Jackson set-up for everything else.
 */
public final class Events {
    private Events() {}

    /** Reads {@code file} as {@code type}. */
    public static <T> T load(Path file, Class<T> type) {
        try (InputStream in = Files.newInputStream(file)) {
            return LambdaSerialization.serializer(type).fromJson(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read event " + file, e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Cannot read " + file + " as " + type.getName(), e);
        }
    }

    /** Reads a file given relative to the repository root ({@code "events/tenants/CreateTenantFunction.json"}). */
    public static <T> T load(String path, Class<T> type) {
        return load(resolve(path), type);
    }

    /** The raw JSON of a file given relative to the repository root. */
    public static String json(String path) {
        Path file = resolve(path);
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read event " + file, e);
        }
    }

    /** Every JSON file under the repository's {@code events/}, sorted. */
    public static List<Path> allEventFiles() {
        return allEventFiles(ProjectRoot.eventsDirectory());
    }

    /** Every JSON file under {@code directory}, sorted; none if it does not exist. */
    public static List<Path> allEventFiles(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().endsWith(".json"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + directory, e);
        }
    }

    private static Path resolve(String path) {
        Path given = Path.of(path);
        return given.isAbsolute() ? given : ProjectRoot.get().resolve(given);
    }
}
