package io.tenantry.local.emulators;

import java.net.URI;
import java.util.Locale;

/**
 * Which AWS backend to use, from the system property {@code tenantry.aws} or the environment variable
 * {@code TENANTRY_AWS}: {@code embedded} (the default), {@code endpoint=http://127.0.0.1:5000} (one URL for all
 * services, such as moto_server), or {@code localstack} / {@code localstack=<image>} (Testcontainers).
 */
public record BackendSetting(Kind kind, URI endpoint, String image) {
    public static final String PROPERTY = "tenantry.aws";
    public static final String ENVIRONMENT_VARIABLE = "TENANTRY_AWS";

    /** The kinds of backend. */
    public enum Kind {
        EMBEDDED,
        ENDPOINT,
        LOCALSTACK
    }

    /** The setting in force: the system property, else the environment variable, else embedded. */
    public static BackendSetting current() {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            value = System.getenv(ENVIRONMENT_VARIABLE);
        }
        return parse(value);
    }

    public static BackendSetting parse(String value) {
        String text = value == null ? "" : value.trim();
        String lower = text.toLowerCase(Locale.ROOT);
        if (text.isEmpty() || lower.equals("embedded")) {
            return new BackendSetting(Kind.EMBEDDED, null, null);
        }
        if (lower.startsWith("endpoint=") && text.length() > "endpoint=".length()) {
            URI endpoint = URI.create(text.substring("endpoint=".length()).trim());
            if (endpoint.getScheme() == null || endpoint.getHost() == null) {
                throw invalid(value);
            }
            return new BackendSetting(Kind.ENDPOINT, endpoint, null);
        }
        if (lower.equals("localstack")) {
            return new BackendSetting(Kind.LOCALSTACK, null, null);
        }
        if (lower.startsWith("localstack=") && text.length() > "localstack=".length()) {
            return new BackendSetting(
                    Kind.LOCALSTACK,
                    null,
                    text.substring("localstack=".length()).trim());
        }
        throw invalid(value);
    }

    private static IllegalArgumentException invalid(String value) {
        return new IllegalArgumentException(PROPERTY + " (or " + ENVIRONMENT_VARIABLE + ") must be embedded,"
                + " endpoint=<http url> or localstack[=<image>]; found \"" + value + "\"");
    }
}
