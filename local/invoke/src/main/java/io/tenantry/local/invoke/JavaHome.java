package io.tenantry.local.invoke;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** The JDK that runs the functions: this JVM's own, unless another is named. */
record JavaHome(Path home, String version, int featureVersion) {

    /** The JDK running this command. */
    static JavaHome current() {
        return new JavaHome(
                Path.of(System.getProperty("java.home")),
                System.getProperty("java.version"),
                Runtime.version().feature());
    }

    /** A JDK installed at {@code home}; its version read from its {@code release} file. */
    static JavaHome at(Path home) {
        Path release = home.resolve("release");
        if (!Files.isExecutable(home.resolve("bin/java")) || !Files.isRegularFile(release)) {
            throw new IllegalArgumentException(home + " is not a JDK (no bin/java or release file)");
        }
        Properties properties = new Properties();
        try (var in = Files.newBufferedReader(release)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + release, e);
        }
        String version = properties.getProperty("JAVA_VERSION", "\"0\"").replace("\"", "");
        return new JavaHome(home, version, Runtime.Version.parse(version).feature());
    }

    Path java() {
        return home.resolve("bin/java");
    }
}
