package io.tenantry.shared.problem;

import java.util.List;
import java.util.Map;

/** 400: the request is well-formed JSON but some fields are missing, of the wrong type or out of range. */
public class ValidationException extends ProblemException {
    public ValidationException(List<FieldError> errors) {
        super(400, "validation-failed", "Validation failed", describe(errors), errors, Map.of());
    }

    private static String describe(List<FieldError> errors) {
        return errors.size() == 1
                ? "The field '" + errors.getFirst().field() + "' is invalid."
                : errors.size() + " fields are invalid.";
    }
}
