package io.tenantry.local.backend.testfunctions;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** What the test handlers saw, by handler, for the tests to read back. */
public final class Recorded {
    private static final Map<String, List<Object>> SEEN = new ConcurrentHashMap<>();

    private Recorded() {}

    static void add(String handler, Object what) {
        SEEN.computeIfAbsent(handler, h -> new CopyOnWriteArrayList<>()).add(what);
    }

    public static List<Object> of(String handler) {
        return SEEN.computeIfAbsent(handler, h -> new CopyOnWriteArrayList<>());
    }
}
