package io.tenantry.local.backend;

import static io.tenantry.local.backend.GatewayTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tenantry.local.backend.http.ApiReference;
import io.tenantry.local.testkit.ProjectRoot;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The API reference page over real HTTP: {@code GET /docs} is HTML whose scripts all come from this backend (the
 * vendored renderer, as its NOTICE.md describes it), {@code GET /openapi.yaml} is docs/openapi.yaml byte for byte,
 * other methods answer 405 as the other local routes do; and the self-contained page of {@code ./tenantry reference}
 * loads nothing from anywhere (MainTest runs the command).
 */
class ApiReferenceTest {
    private static final Pattern SCRIPT_SOURCE = Pattern.compile("<script[^>]*\\ssrc=\"([^\"]*)\"");
    private static final Pattern EMBEDDED_DOCUMENT =
            Pattern.compile("<script id=\"openapi-document\" type=\"application/json\">(.*?)</script>", Pattern.DOTALL);
    private static String api;

    @BeforeAll
    static void start() {
        api = TestBackends.repository().api();
    }

    @Test
    void docs_isAnHtmlPage_whoseScriptsAllComeFromThisBackend() {
        Http.Answer page = Http.get(api + "/docs");

        assertEquals(200, page.status(), page::toString);
        assertTrue(page.header("Content-Type").startsWith("text/html"), page::toString);
        assertTrue(page.header("Content-Security-Policy").contains("script-src 'self'"), page::toString);
        List<String> sources = scriptSources(page.body());
        assertEquals(List.of("/docs/scalar-api-reference.js", "/docs/reference.js"), sources, page.body());
        assertFalse(page.body().contains("http://") || page.body().contains("https://"), page.body());
    }

    @Test
    void thePagesScripts_areJavaScript_theRendererAsVendored_andTheSetupLoadsTheDocumentFromThisOrigin()
            throws IOException {
        for (String source : scriptSources(Http.get(api + "/docs").body())) {
            Http.Answer script = Http.get(api + source);
            assertEquals(200, script.status(), source);
            assertTrue(script.header("Content-Type").startsWith("text/javascript"), source);
        }

        Http.Answer renderer = Http.get(api + "/docs/scalar-api-reference.js");
        Map<String, String> notice = notice();
        assertEquals(notice.get("sha256"), sha256(renderer.bytes()), "the renderer differs from NOTICE.md");
        assertEquals(Long.parseLong(notice.get("bytes")), renderer.bytes().length);
        assertTrue(renderer.body().contains(notice.get("package") + "@" + notice.get("version")), "version");
        assertTrue(Http.get(api + "/docs/reference.js").body().contains("'/openapi.yaml'"));
    }

    @Test
    void openapiYaml_answersDocsOpenapiYaml_byteForByte() throws IOException {
        Http.Answer document = Http.get(api + "/openapi.yaml");

        assertEquals(200, document.status(), document::toString);
        assertEquals("application/yaml", document.header("Content-Type"));
        assertArrayEquals(Files.readAllBytes(openApiFile()), document.bytes());
    }

    @Test
    void otherMethods_answer405WithAllow_whereGetAndHeadAnswer200() {
        for (String path : List.of("/docs", "/docs/scalar-api-reference.js", "/docs/reference.js", "/openapi.yaml")) {
            assertEquals(200, Http.send("HEAD", api + path, Map.of(), null).status(), path);
            for (String method : List.of("POST", "PUT", "DELETE")) {
                Http.Answer refused = Http.send(method, api + path, Map.of(), "{}".getBytes(StandardCharsets.UTF_8));
                assertProblem(refused, 405);
                assertEquals("GET", refused.header("Allow"), path);
            }
        }
        assertProblem(Http.get(api + "/docs/nothing.js"), 404);
        assertProblem(Http.get(api + "/openapi.json"), 404);
    }

    @Test
    void standalonePage_embedsTheDocumentAndItsScripts_andLoadsNothing() throws IOException {
        String yaml = Files.readString(openApiFile());

        String page = ApiReference.standalonePage(yaml);

        for (String source : scriptSources(page)) {
            assertTrue(source.startsWith("data:text/javascript;base64,"), "a script from elsewhere: " + source);
        }
        assertFalse(Pattern.compile("\\s(src|href)=\"(https?:|/)").matcher(page).find(), "a resource to load");
        Matcher embedded = EMBEDDED_DOCUMENT.matcher(page);
        assertTrue(embedded.find(), "no embedded document");
        assertFalse(embedded.group(1).contains("<"), "the embedded document could end its <script> early");
        assertEquals(yaml, new ObjectMapper().readValue(embedded.group(1), String.class));
        assertTrue(page.contains("JSON.parse(embedded.textContent)"), "the setup script is inline");
    }

    private static Path openApiFile() {
        return ProjectRoot.get().resolve("docs/openapi.yaml");
    }

    private static List<String> scriptSources(String html) {
        List<String> sources = new ArrayList<>();
        Matcher matcher = SCRIPT_SOURCE.matcher(html);
        while (matcher.find()) {
            sources.add(matcher.group(1));
        }
        return sources;
    }

    /** The "- key: value" lines of the vendored renderer's NOTICE.md. */
    private static Map<String, String> notice() throws IOException {
        try (InputStream in = ApiReference.class.getResourceAsStream("/docs/NOTICE.md")) {
            assertTrue(in != null, "docs/NOTICE.md is missing from the class path");
            Map<String, String> lines = new java.util.HashMap<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                Matcher field = Pattern.compile("^- ([a-z0-9 ]+): (\\S+)").matcher(line);
                if (field.find()) {
                    lines.put(field.group(1), field.group(2));
                }
            }
            return lines;
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
