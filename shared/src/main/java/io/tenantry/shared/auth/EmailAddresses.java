package io.tenantry.shared.auth;

import java.util.Locale;
import java.util.regex.Pattern;

/** Email addresses as identities: compared case-insensitively, stored lower-case. */
public final class EmailAddresses {
    private static final Pattern SHAPE = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+$");

    private EmailAddresses() {}

    public static String normalize(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }

    /** A plausible address: one {@code @}, no spaces, a dot in the domain, at most 254 characters. */
    public static boolean isValid(String email) {
        return email != null
                && email.length() <= 254
                && SHAPE.matcher(email.trim()).matches();
    }
}
