package io.tenantry.local.emulators;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Points sqlite4java (DynamoDB Local's storage) at its native libraries: Maven puts each one on the class path as
 * its own file, which sqlite4java finds only through {@code sqlite4java.library.path}.
 */
final class SqliteNatives {
    static final String PROPERTY = "sqlite4java.library.path";
    private static final Pattern NATIVE = Pattern.compile("(lib)?sqlite4java-[a-z0-9_-]+-[0-9.]+\\.(so|dylib|dll)");

    private SqliteNatives() {}

    static synchronized void configure() {
        if (System.getProperty(PROPERTY) != null) {
            return;
        }
        String osArch = osArch();
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            Path file = Path.of(entry);
            String name = file.getFileName() == null ? "" : file.getFileName().toString();
            if (NATIVE.matcher(name).matches() && name.contains(osArch) && Files.isRegularFile(file)) {
                System.setProperty(PROPERTY, file.toAbsolutePath().getParent().toString());
                return;
            }
        }
    }

    /** The OS and architecture part of sqlite4java's library names: {@code linux-amd64}, {@code osx}, {@code win32-x64}. */
    private static String osArch() {
        String os = System.getProperty("os.name", "").toLowerCase();
        String arch = System.getProperty("os.arch", "").toLowerCase();
        if (os.contains("mac")) {
            return "osx";
        }
        boolean x64 = arch.contains("64");
        if (os.contains("win")) {
            return x64 ? "win32-x64" : "win32-x86";
        }
        return x64 ? "linux-" + (arch.contains("aarch64") ? "aarch64" : "amd64") : "linux-i386";
    }
}
