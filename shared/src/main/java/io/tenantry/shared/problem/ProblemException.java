package io.tenantry.shared.problem;

import java.util.List;
import java.util.Map;

/**
 * A failure that is the caller's to fix, carrying what its problem+json response says. Services
 * throw its subclasses; {@link ProblemMapper} is the one place that turns them into responses.
 */
public class ProblemException extends RuntimeException {
    private final int status;
    private final String slug;
    private final String title;
    private final List<FieldError> errors;
    private final Map<String, String> headers;

    public ProblemException(int status, String slug, String title, String detail) {
        this(status, slug, title, detail, List.of(), Map.of());
    }

    public ProblemException(
            int status,
            String slug,
            String title,
            String detail,
            List<FieldError> errors,
            Map<String, String> headers) {
        super(detail, null, false, false);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.errors = List.copyOf(errors);
        this.headers = Map.copyOf(headers);
    }

    public int status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** Extra response headers, such as {@code Retry-After} or {@code Allow}. */
    public Map<String, String> headers() {
        return headers;
    }
}
