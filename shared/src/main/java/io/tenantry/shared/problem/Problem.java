package io.tenantry.shared.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** An RFC 9457 problem details body, as every error response carries it. */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String requestId, List<FieldError> errors) {

    /** Where the problem types are documented; a slug is appended. */
    public static final String TYPE_BASE = "https://tenantry.io/problems/";
}
