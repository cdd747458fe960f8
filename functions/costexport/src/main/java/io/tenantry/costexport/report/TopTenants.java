package io.tenantry.costexport.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/** The {@code limit} most costly tenants seen so far, in a heap of at most that many rows. */
public final class TopTenants {
    /** Most costly first (by the cents, then by the exact share, which orders a day that costs under a cent); ties by tenant id. */
    public static final Comparator<PricedRow> BY_COST = Comparator.comparingLong(PricedRow::attributedCents)
            .thenComparing(PricedRow::sharePercent)
            .reversed()
            .thenComparing(row -> row.usage().tenantId());

    private final int limit;
    private final PriorityQueue<PricedRow> heap;

    public TopTenants(int limit) {
        this.limit = limit;
        this.heap = new PriorityQueue<>(BY_COST.reversed());
    }

    public void offer(PricedRow row) {
        heap.add(row);
        if (heap.size() > limit) {
            heap.poll();
        }
    }

    public List<PricedRow> sorted() {
        List<PricedRow> rows = new ArrayList<>(heap);
        rows.sort(BY_COST);
        return rows;
    }
}
