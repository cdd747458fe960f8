package io.tenantry.shared.http;

import io.tenantry.shared.problem.PreconditionFailedException;
import java.util.OptionalLong;

/** Strong entity tags {@code "<version>"} and the {@code If-Match} values that refer to them. */
public final class ETags {
    private ETags() {}

    public static String of(long version) {
        return "\"" + version + "\"";
    }

    /**
     * The version an {@code If-Match} value names; empty when the header is absent or {@code *}. Any
     * other value that is not a strong tag of ours (a weak tag, garbage) can never match: 412.
     */
    public static OptionalLong parseIfMatch(String header) {
        if (header == null || header.isBlank() || header.strip().equals("*")) {
            return OptionalLong.empty();
        }
        String value = header.strip();
        if (value.length() >= 3 && value.startsWith("\"") && value.endsWith("\"")) {
            String digits = value.substring(1, value.length() - 1);
            if (digits.length() <= 18 && digits.chars().allMatch(Character::isDigit)) {
                return OptionalLong.of(Long.parseLong(digits));
            }
        }
        throw new PreconditionFailedException("If-Match does not name a current version of this resource.");
    }
}
