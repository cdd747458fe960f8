package io.tenantry.costexport.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Largest-remainder rounding in constant memory gives what the textbook method (sort every remainder) gives. */
class LargestRemainderTest {

    static List<Long> round(List<BigDecimal> shares, long total) {
        LargestRemainder rounding = LargestRemainder.plan(consumer -> shares.forEach(consumer), total);
        return shares.stream().map(rounding::cents).toList();
    }

    /**
     * A share's remainder as the rounding keeps it, to 10^-18 of a cent: shares that are equal but were computed by
     * different sums differ in their last of 34 digits, and count as equal.
     */
    static BigDecimal remainder(BigDecimal share) {
        return share.subtract(share.setScale(0, RoundingMode.FLOOR)).setScale(18, RoundingMode.FLOOR);
    }

    /** The textbook method: floors, then one cent each to the largest remainders, ties to the first. */
    static List<Long> textbook(List<BigDecimal> shares, long total) {
        List<Long> cents = new ArrayList<>();
        long floors = 0;
        for (BigDecimal share : shares) {
            long whole = share.setScale(0, RoundingMode.FLOOR).longValueExact();
            cents.add(whole);
            floors += whole;
        }
        List<Integer> order =
                new ArrayList<>(IntStream.range(0, shares.size()).boxed().toList());
        order.sort(Comparator.comparing((Integer i) -> remainder(shares.get(i)))
                .reversed()
                .thenComparing(i -> i));
        for (int k = 0; k < total - floors; k++) {
            cents.set(order.get(k), cents.get(order.get(k)) + 1);
        }
        return cents;
    }

    @Test
    void thirds_giveTheLeftOverCentToTheFirstRead() {
        BigDecimal third = BigDecimal.valueOf(100).divide(BigDecimal.valueOf(3), MathContext.DECIMAL128);
        assertEquals(List.of(34L, 33L, 33L), round(List.of(third, third, third), 100));
    }

    /**
     * 64/3 and 310/3 both leave a third of a cent, but to 34 digits they differ in their last one (the first has a
     * digit more after the point): they tie, and the cents go to the first read.
     */
    @Test
    void remaindersEqualBut_forTheLastDigit_tie() {
        BigDecimal b = BigDecimal.valueOf(64).divide(BigDecimal.valueOf(3), MathContext.DECIMAL128);
        BigDecimal c = BigDecimal.valueOf(310).divide(BigDecimal.valueOf(3), MathContext.DECIMAL128);
        assertTrue(b.subtract(BigDecimal.valueOf(21)).compareTo(c.subtract(BigDecimal.valueOf(103))) != 0);
        assertEquals(List.of(22L, 104L, 21L, 103L, 21L, 103L), round(List.of(b, c, b, c, b, c), 374));
    }

    @Test
    void theLargestRemaindersWin_notTheLargestShares() {
        List<BigDecimal> shares = List.of(new BigDecimal("900.2"), new BigDecimal("33.7"), new BigDecimal("66.1"));
        assertEquals(List.of(900L, 34L, 66L), round(shares, 1000));
    }

    @Test
    void wholeShares_andZeroShares_areLeftAlone() {
        List<BigDecimal> shares = List.of(new BigDecimal("5"), BigDecimal.ZERO, new BigDecimal("7"));
        assertEquals(List.of(5L, 0L, 7L), round(shares, 12));
    }

    /**
     * Random usage split of a random total: the cents add up to the total, none is more than a cent from its exact
     * share, and the result is the textbook method's, remainders that share 45 leading bits included.
     */
    @Property(tries = 300)
    void anySplit_addsUpToTheTotal_andMatchesTheTextbookMethod(
            @ForAll @Size(min = 1, max = 60) List<@IntRange(min = 0, max = 1_000_000) Integer> weights,
            @ForAll @LongRange(min = 0, max = 100_000_000) long total,
            @ForAll @IntRange(min = 1, max = 4) int repeat) {
        List<Integer> repeated = new ArrayList<>();
        for (int r = 0; r < repeat; r++) {
            repeated.addAll(weights);
        }
        long sum = repeated.stream().mapToLong(Integer::longValue).sum();
        if (sum == 0) {
            return;
        }
        List<BigDecimal> shares = repeated.stream()
                .map(w -> BigDecimal.valueOf(total)
                        .multiply(BigDecimal.valueOf(w))
                        .divide(BigDecimal.valueOf(sum), MathContext.DECIMAL128))
                .toList();
        List<Long> cents = round(shares, total);
        assertEquals(total, cents.stream().mapToLong(Long::longValue).sum());
        for (int i = 0; i < shares.size(); i++) {
            BigDecimal difference =
                    shares.get(i).subtract(BigDecimal.valueOf(cents.get(i))).abs();
            assertTrue(difference.compareTo(BigDecimal.ONE) < 0, () -> "more than a cent away: " + shares + cents);
        }
        assertEquals(textbook(shares, total), cents);
    }
}
