package io.tenantry.local.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectRootTest {

    @Test
    void get_findsTheRepositoryRootAboveThisModule() {
        Path root = ProjectRoot.get();
        assertTrue(Files.isRegularFile(root.resolve("template.yaml")));
        assertTrue(Path.of("").toAbsolutePath().startsWith(root));
    }

    @Test
    void locate_skipsATemplateBesideAnotherProjectsPom(@TempDir Path dir) throws IOException {
        Path root = dir.resolve("repo");
        Path nested = root.resolve("functions/tenants/src");
        Files.createDirectories(nested);
        write(root, "tenantry-parent");
        write(root.resolve("functions/tenants"), "tenantry-tenants");
        assertEquals(root, ProjectRoot.locate(nested));
    }

    @Test
    void locate_failsClearlyOutsideTheRepository(@TempDir Path dir) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ProjectRoot.locate(dir));
        assertTrue(e.getMessage().contains("tenantry-parent"), e.getMessage());
    }

    private static void write(Path dir, String artifactId) throws IOException {
        Files.writeString(dir.resolve("template.yaml"), "Resources: {}\n");
        Files.writeString(
                dir.resolve("pom.xml"),
                "<project><modelVersion>4.0.0</modelVersion><parent><artifactId>x</artifactId></parent>"
                        + "<artifactId>" + artifactId + "</artifactId></project>");
    }
}
