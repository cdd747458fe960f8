package io.tenantry.local.testkit;

import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.atomic.AtomicReference;

/** Remembers the first environment any test class got, so every class can check it got the same one. */
final class SharedEnvironmentProbe {
    private static final AtomicReference<AwsEnvironment> FIRST = new AtomicReference<>();

    private SharedEnvironmentProbe() {}

    static void assertSameAsEveryOtherClass(AwsEnvironment environment) {
        FIRST.compareAndSet(null, environment);
        assertSame(FIRST.get(), environment, "one AWS environment per JVM");
    }
}
