package io.tenantry.local.iam;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Policies of the tests: JSON files under {@code iam/} (AWS's documented examples, adapted) or inline. */
final class Fixtures {
    private Fixtures() {}

    static PolicyDocument load(String file) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/iam/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("No fixture iam/" + file);
            }
            return PolicyDocument.parse(file, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A 2012-10-17 policy whose statements are {@code statementsJson} (the members of the array). */
    static PolicyDocument policy(String statementsJson) {
        return PolicyDocument.parse("inline", "{\"Version\": \"2012-10-17\", \"Statement\": [" + statementsJson + "]}");
    }
}
