package io.tenantry.shared.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tenantry.shared.problem.PreconditionFailedException;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ETagsTest {

    @Test
    void of_isAStrongQuotedVersion() {
        assertEquals("\"7\"", ETags.of(7));
    }

    @Test
    void parseIfMatch_readsOurTags_andTreatsAbsenceAndStarAsNoCondition() {
        assertEquals(OptionalLong.of(7), ETags.parseIfMatch("\"7\""));
        assertEquals(OptionalLong.of(7), ETags.parseIfMatch(" \"7\" "));
        assertEquals(OptionalLong.empty(), ETags.parseIfMatch(null));
        assertEquals(OptionalLong.empty(), ETags.parseIfMatch("*"));
    }

    @Test
    void parseIfMatch_answers412_forTagsThatCanNeverMatch() {
        assertThrows(PreconditionFailedException.class, () -> ETags.parseIfMatch("W/\"7\""));
        assertThrows(PreconditionFailedException.class, () -> ETags.parseIfMatch("7"));
        assertThrows(PreconditionFailedException.class, () -> ETags.parseIfMatch("\"abc\""));
        assertThrows(PreconditionFailedException.class, () -> ETags.parseIfMatch("\"99999999999999999999\""));
    }
}
