package io.tenantry.costexport.attribution;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.function.Consumer;

/**
 * Largest-remainder rounding (Hamilton's method) of exact shares to whole cents, over any number of tenants in
 * constant memory. Every tenant gets the whole cents of its share; the cents left over (the total less those) go one
 * each to the tenants with the largest fractional remainders, ties to the one read first. So the cents add up to the
 * total exactly and no tenant is more than a cent from its exact share.
 *
 * <p>Finding the cut without keeping every remainder: remainders are fixed-point numbers below 2^60; four passes
 * over the shares, each counting remainders into 2^15 buckets of the next 15 bits among those that match the bits
 * found so far, find the smallest remainder that still gets a cent and how many of the tenants with exactly that
 * remainder get one.
 */
public final class LargestRemainder {
    /** Remainders are kept to 10^-18 of a cent. */
    private static final BigDecimal SCALE = BigDecimal.TEN.pow(18);

    private static final int DIGIT_BITS = 15;
    private static final int DIGITS = 4;

    /** A source of every exact share (in cents), read in the same order each time. */
    @FunctionalInterface
    public interface Shares {
        void forEach(Consumer<BigDecimal> share);
    }

    private final long cut;
    private final long atCut;
    private long atCutGiven;

    private LargestRemainder(long cut, long atCut) {
        this.cut = cut;
        this.atCut = atCut;
    }

    /** Plans the rounding of the shares to {@code totalCents}. */
    public static LargestRemainder plan(Shares shares, long totalCents) {
        long[] floors = {0};
        shares.forEach(share -> floors[0] += whole(share));
        long leftover = totalCents - floors[0];
        if (leftover <= 0) {
            return new LargestRemainder(Long.MAX_VALUE, 0);
        }
        long prefix = 0;
        long needed = leftover;
        for (int digit = DIGITS - 1; digit >= 0; digit--) {
            int shift = digit * DIGIT_BITS;
            long[] counts = new long[1 << DIGIT_BITS];
            long matchPrefix = prefix;
            int highShift = shift + DIGIT_BITS;
            shares.forEach(share -> {
                long remainder = remainder(share);
                if (highShift >= 64 || (remainder >>> highShift) == (matchPrefix >>> highShift)) {
                    counts[(int) ((remainder >>> shift) & ((1 << DIGIT_BITS) - 1))]++;
                }
            });
            int bucket = counts.length - 1;
            while (bucket > 0 && counts[bucket] < needed) {
                needed -= counts[bucket];
                bucket--;
            }
            prefix |= ((long) bucket) << shift;
        }
        return new LargestRemainder(prefix, needed);
    }

    /**
     * The tenant's cents. Call once per share, in the order {@link Shares} gives them: ties at the cut go to the
     * first ones read.
     */
    public long cents(BigDecimal share) {
        long whole = whole(share);
        long remainder = remainder(share);
        if (remainder > cut) {
            return whole + 1;
        }
        if (remainder == cut && atCutGiven < atCut) {
            atCutGiven++;
            return whole + 1;
        }
        return whole;
    }

    private static long whole(BigDecimal share) {
        return share.setScale(0, RoundingMode.FLOOR).longValueExact();
    }

    /** The fractional part in units of 10^-18 cent: below 10^18 &lt; 2^60. */
    private static long remainder(BigDecimal share) {
        BigDecimal fraction = share.subtract(share.setScale(0, RoundingMode.FLOOR));
        return fraction.multiply(SCALE).setScale(0, RoundingMode.FLOOR).longValueExact();
    }
}
