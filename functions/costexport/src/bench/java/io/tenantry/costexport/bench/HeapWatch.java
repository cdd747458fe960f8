package io.tenantry.costexport.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The heap of this JVM over a window of time, from the collector's own notifications: for every collection, the
 * heap in use just before it (the heap only fills between collections, so the largest of these, and the heap in use
 * at the end of the window, is the peak) and just after it (what survived: an upper bound of what the program held,
 * since a young collection leaves the old generation's garbage in place). Also the heap pools' peaks summed (a
 * coarser upper bound: the pools peak at different times) and the collections' count and time.
 */
final class HeapWatch implements NotificationListener {
    private final Set<String> heapPools;
    private final List<MemoryPoolMXBean> pools;
    private final AtomicLong maxBefore = new AtomicLong();
    private final AtomicLong maxAfter = new AtomicLong();
    private final AtomicLong maxAfterFull = new AtomicLong(-1);
    private long gcCountAtStart;
    private long gcMillisAtStart;

    /** What one window saw. */
    record Window(
            long peakUsedBytes,
            long maxAfterGcBytes,
            long maxAfterFullGcBytes,
            long poolPeaksSumBytes,
            long usedAtStartBytes,
            long gcCount,
            long gcMillis,
            long maxHeapBytes) {}

    HeapWatch() {
        this.pools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP)
                .toList();
        this.heapPools = pools.stream().map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener(this, null, null);
        }
    }

    /** Starts a window: forgets the peaks so far. */
    long start() {
        long used = used();
        maxBefore.set(used);
        maxAfter.set(0);
        maxAfterFull.set(-1);
        pools.forEach(MemoryPoolMXBean::resetPeakUsage);
        gcCountAtStart = gcCount();
        gcMillisAtStart = gcMillis();
        return used;
    }

    /** Ends the window. Notifications arrive on a service thread: give the last ones a moment. */
    Window stop(long usedAtStart) {
        long used = used();
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long peak = Math.max(maxBefore.get(), used);
        long poolPeaks =
                pools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        return new Window(
                peak,
                maxAfter.get(),
                maxAfterFull.get(),
                poolPeaks,
                usedAtStart,
                gcCount() - gcCountAtStart,
                gcMillis() - gcMillisAtStart,
                Runtime.getRuntime().maxMemory());
    }

    long used() {
        return pools.stream().mapToLong(p -> p.getUsage().getUsed()).sum();
    }

    @Override
    public void handleNotification(javax.management.Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info =
                GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        long before = sum(info.getGcInfo().getMemoryUsageBeforeGc());
        long after = sum(info.getGcInfo().getMemoryUsageAfterGc());
        maxBefore.accumulateAndGet(before, Math::max);
        maxAfter.accumulateAndGet(after, Math::max);
        if (info.getGcAction().contains("major")) {
            maxAfterFull.accumulateAndGet(after, Math::max);
        }
    }

    private long sum(Map<String, MemoryUsage> usage) {
        return usage.entrySet().stream()
                .filter(e -> heapPools.contains(e.getKey()))
                .mapToLong(e -> e.getValue().getUsed())
                .sum();
    }

    private static long gcCount() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionCount)
                .sum();
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionTime)
                .sum();
    }
}
