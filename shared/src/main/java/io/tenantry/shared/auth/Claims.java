package io.tenantry.shared.auth;

import io.tenantry.shared.problem.UnauthorizedException;
import java.util.Map;
import java.util.Optional;

/** Reads a {@link Caller} out of verified claims, in the string form API Gateway passes them. */
public final class Claims {
    public static final String SUBJECT = "sub";
    public static final String EMAIL = "email";
    public static final String TENANT_ID = "tenant_id";
    public static final String ROLE = "role";

    private Claims() {}

    /** The caller the claims describe; 401 when they lack a subject or an email. */
    public static Caller toCaller(Map<String, String> claims) {
        String subject = blankToNull(claims.get(SUBJECT));
        String email = blankToNull(claims.get(EMAIL));
        if (subject == null || email == null) {
            throw new UnauthorizedException("The token must carry the 'sub' and 'email' claims.");
        }
        Optional<String> tenantId = Optional.ofNullable(blankToNull(claims.get(TENANT_ID)));
        Optional<Role> role = Optional.ofNullable(blankToNull(claims.get(ROLE))).flatMap(Role::fromWireName);
        return new Caller(subject, EmailAddresses.normalize(email), tenantId, role);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
