package io.tenantry.local.invoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManagedRuntimeTest {

    @Test
    void maxHeap_isWhatTheManagedRuntimeGaveFunctions_upTo1600Mb() {
        // -XX:MaxHeapSize seen in the command lines of managed java11/java17 functions of these sizes
        assertEquals(111412, ManagedRuntime.maxHeapKilobytes(128));
        assertEquals(222823, ManagedRuntime.maxHeapKilobytes(256));
        assertEquals(445645, ManagedRuntime.maxHeapKilobytes(512));
        assertEquals(891289, ManagedRuntime.maxHeapKilobytes(1024));
    }

    @Test
    void maxHeap_isTheMemoryLess240MiB_above1600Mb_within3MiBOfWhatWasSeen() {
        assertEquals(2048 * 1024 - 240 * 1024, ManagedRuntime.maxHeapKilobytes(2048));
        assertTrue(Math.abs(ManagedRuntime.maxHeapKilobytes(2048) - 1848320) <= 3 * 1024);
        assertTrue(Math.abs(ManagedRuntime.maxHeapKilobytes(4096) - 3945472) <= 3 * 1024);
        assertTrue(Math.abs(ManagedRuntime.maxHeapKilobytes(10240) - 10237952) <= 3 * 1024);
    }

    @Test
    void maxHeap_refusesANonPositiveMemorySize() {
        assertThrows(IllegalArgumentException.class, () -> ManagedRuntime.maxHeapKilobytes(0));
    }

    @Test
    void jvmOptions_areTheJava21RuntimesFlags_withTheHeapOfTheMemorySize() {
        List<String> options = ManagedRuntime.jvmOptions(512, 21);

        assertEquals("-XX:MaxHeapSize=445645k", options.getFirst());
        assertTrue(options.containsAll(List.of(
                "-XX:+UseSerialGC",
                "-Xshare:auto",
                "-XX:+TieredCompilation",
                "-XX:TieredStopAtLevel=1",
                "-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac")));
        assertFalse(options.contains("--enable-native-access=ALL-UNNAMED"), "not needed on 21");
    }

    @Test
    void jvmOptions_silenceNewerJdksWarnings_thatTheManagedRuntimeNeverPrints() {
        List<String> options = ManagedRuntime.jvmOptions(512, 25);

        assertTrue(options.contains("--enable-native-access=ALL-UNNAMED"));
        assertTrue(options.contains("--sun-misc-unsafe-memory-access=allow"));
    }

    @Test
    void classpath_isTheRuntimeInterfaceClientAndItsDependencies_only() {
        List<Path> jars = ManagedRuntime.classpath();

        assertTrue(jars.stream().allMatch(Files::isRegularFile), jars.toString());
        List<String> names = jars.stream().map(p -> p.getFileName().toString()).toList();
        assertTrue(
                names.stream().anyMatch(n -> n.startsWith("aws-lambda-java-runtime-interface-client-")),
                names.toString());
        assertTrue(names.stream().anyMatch(n -> n.startsWith("aws-lambda-java-core-")), names.toString());
        assertTrue(names.stream().anyMatch(n -> n.startsWith("aws-lambda-java-serialization-")), names.toString());
        assertFalse(
                names.stream().anyMatch(n -> n.contains("DynamoDBLocal") || n.contains("micronaut")), names.toString());
    }
}
