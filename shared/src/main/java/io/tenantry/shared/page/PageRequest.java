package io.tenantry.shared.page;

import io.tenantry.shared.http.ApiRequest;
import io.tenantry.shared.problem.FieldError;
import io.tenantry.shared.problem.ValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code limit} (1-100, default 20) and {@code cursor} query parameters of a collection GET. */
public record PageRequest(int limit, Optional<String> cursor) {
    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    /** Reads both parameters; one 400 names each that is wrong. */
    public static PageRequest from(ApiRequest request) {
        List<FieldError> errors = new ArrayList<>();
        int limit = DEFAULT_LIMIT;
        Optional<String> rawLimit = request.queryParameter("limit");
        if (rawLimit.isPresent()) {
            try {
                limit = Integer.parseInt(rawLimit.get().strip());
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                errors.add(new FieldError("limit", "must be a whole number from 1 to " + MAX_LIMIT));
            }
        }
        Optional<String> cursor = request.queryParameter("cursor");
        if (cursor.isPresent() && cursor.get().isBlank()) {
            errors.add(new FieldError("cursor", "must not be blank"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return new PageRequest(limit, cursor);
    }
}
