package io.tenantry.shared.auth;

import io.tenantry.shared.problem.UnauthorizedException;
import java.util.Map;
import java.util.Optional;

/** Reads a {@link Caller} out of verified claims, in the string form API Gateway passes them. */
public final class Claims {
    public static final String ISSUER = "iss";
    public static final String SUBJECT = "sub";
    public static final String EMAIL = "email";
    public static final String EMAIL_VERIFIED = "email_verified";
    public static final String TENANT_ID = "tenant_id";
    public static final String ROLE = "role";

    private Claims() {}

    /**
     * The caller the claims describe: 401 when they lack an issuer or a subject, or name a {@code
     * tenant_id} that is not a well-formed tenant id (it could otherwise address another key).
     */
    public static Caller toCaller(Map<String, String> claims) {
        String issuer = blankToNull(claims.get(ISSUER));
        String subject = blankToNull(claims.get(SUBJECT));
        if (issuer == null || subject == null) {
            throw new UnauthorizedException("The token must carry the 'iss' and 'sub' claims.");
        }
        Optional<String> tenantId = Optional.ofNullable(blankToNull(claims.get(TENANT_ID)));
        if (tenantId.isPresent() && !TenantIds.isWellFormed(tenantId.get())) {
            throw new UnauthorizedException("The token's 'tenant_id' claim is not a tenant id.");
        }
        Optional<String> email = Optional.ofNullable(blankToNull(claims.get(EMAIL)))
                .filter(EmailAddresses::isValid)
                .map(EmailAddresses::normalize);
        boolean verified = "true"
                .equalsIgnoreCase(String.valueOf(claims.get(EMAIL_VERIFIED)).trim());
        Optional<Role> role = Optional.ofNullable(blankToNull(claims.get(ROLE))).flatMap(Role::fromWireName);
        return new Caller(issuer, subject, email, verified, tenantId, role);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
