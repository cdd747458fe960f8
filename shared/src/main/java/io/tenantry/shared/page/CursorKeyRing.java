package io.tenantry.shared.page;

import java.util.Optional;

/**
 * The keys in force: the current one, which signs every new cursor, and the previous one, if any, kept so that a
 * cursor signed just before a rotation still verifies.
 */
public record CursorKeyRing(CursorKey current, Optional<CursorKey> previous) {

    public CursorKeyRing {
        if (current == null || previous == null) {
            throw new IllegalArgumentException("A key ring has a current key, and an Optional previous one");
        }
    }

    /** Only a current key (before the first rotation, and in tests). */
    public static CursorKeyRing of(CursorKey current) {
        return new CursorKeyRing(current, Optional.empty());
    }

    public static CursorKeyRing of(CursorKey current, CursorKey previous) {
        return new CursorKeyRing(current, Optional.of(previous));
    }

    /** The key with this id, among the current and the previous one. */
    public Optional<CursorKey> byId(String id) {
        if (current.id().equals(id)) {
            return Optional.of(current);
        }
        return previous.filter(key -> key.id().equals(id));
    }
}
