package io.tenantry.local.backend.http;

import io.tenantry.local.function.Json;
import io.tenantry.shared.problem.MethodNotAllowedException;
import io.tenantry.shared.problem.NotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;

/**
 * The API reference page: {@code GET /docs} renders the OpenAPI document with Scalar's API reference, vendored under
 * {@code docs/} on the class path ({@code NOTICE.md} there names its version and licence), so the page needs no
 * network; {@code GET /openapi.yaml} answers the project's {@code docs/openapi.yaml}, read on each request so an edit
 * shows on reload. The page allows no script, style, font or request from another origin (its
 * {@code Content-Security-Policy}), and its "Test Request" calls this backend. {@link #standalonePage} makes the same
 * page as one self-contained file for the deployed API ({@code ./tenantry reference}).
 */
public final class ApiReference implements LocalApi {
    public static final String PAGE = "/docs";
    public static final String DOCUMENT = "/openapi.yaml";
    static final String RENDERER = "/docs/scalar-api-reference.js";
    static final String SETUP = "/docs/reference.js";

    /** Same origin only; styles inline because the renderer injects its stylesheet; images and fonts also as data. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; connect-src 'self'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
            + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static final String JAVASCRIPT = "text/javascript; charset=utf-8";

    private final Path document;

    /** Serves {@code document} (the project's docs/openapi.yaml) beside the page. */
    public ApiReference(Path document) {
        this.document = document;
    }

    /** Whether the path is one of the page's: the gateway hands these to the local routes, not the template's. */
    public static boolean owns(String rawPath) {
        return rawPath.equals(PAGE) || rawPath.startsWith(PAGE + "/") || rawPath.equals(DOCUMENT);
    }

    @Override
    public HttpReply handle(GatewayRequest request) {
        String path = request.rawPath();
        if (!path.equals(PAGE) && !path.equals(RENDERER) && !path.equals(SETUP) && !path.equals(DOCUMENT)) {
            return null;
        }
        String method = request.method();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            throw new MethodNotAllowedException(method, "GET");
        }
        return switch (path) {
            case PAGE ->
                new HttpReply(200, resource("index.html"))
                        .header("Content-Type", "text/html; charset=utf-8")
                        .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                        .header("X-Content-Type-Options", "nosniff");
            case DOCUMENT -> new HttpReply(200, read(document)).header("Content-Type", "application/yaml");
            default ->
                new HttpReply(200, resource(path.substring(PAGE.length() + 1)))
                        .header("Content-Type", JAVASCRIPT)
                        .header("X-Content-Type-Options", "nosniff");
        };
    }

    /**
     * The page as one file that needs nothing else: the renderer as a {@code data:} script (so no byte of it can end
     * the {@code <script>} element early), the setup script inline, and the document embedded as a JSON string with
     * {@code <} escaped. Opened from anywhere, it renders {@code openApiYaml}, and "Test Request" calls the document's
     * own servers.
     */
    public static String standalonePage(String openApiYaml) {
        String setup = new String(resource(SETUP.substring(PAGE.length() + 1)), StandardCharsets.UTF_8);
        if (setup.contains("</script") || setup.contains("<!--")) {
            throw new IllegalStateException(SETUP + " cannot be inlined: it holds </script or <!--");
        }
        String embedded = Json.text(openApiYaml).replace("<", "\\u003c");
        String renderer = "data:text/javascript;base64,"
                + Base64.getEncoder().encodeToString(resource("scalar-api-reference.js"));
        return replaceOnce(
                replaceOnce(
                        new String(resource("index.html"), StandardCharsets.UTF_8),
                        scriptTag(RENDERER),
                        scriptTag(renderer)),
                scriptTag(SETUP),
                "<script id=\"openapi-document\" type=\"application/json\">" + embedded + "</script>\n  <script>\n"
                        + setup + "</script>");
    }

    private static String scriptTag(String source) {
        return "<script src=\"" + source + "\"></script>";
    }

    private static String replaceOnce(String page, String tag, String replacement) {
        int at = page.indexOf(tag);
        if (at < 0) {
            throw new IllegalStateException("docs/index.html lacks " + tag);
        }
        return page.substring(0, at) + replacement + page.substring(at + tag.length());
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new NotFoundException("No docs/openapi.yaml beside the template this backend serves.");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = ApiReference.class.getResourceAsStream("/docs/" + name)) {
            if (in == null) {
                throw new IllegalStateException("docs/" + name + " is missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read docs/" + name + " from the class path", e);
        }
    }
}
