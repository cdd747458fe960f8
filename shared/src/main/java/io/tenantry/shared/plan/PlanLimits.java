package io.tenantry.shared.plan;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;

/**
 * What a plan allows, from the plans file ({@code plans/plans.properties}): sustained requests per
 * second per tenant and the burst (twice that), the size of one media file, and the quotas.
 */
public record PlanLimits(int requestsPerSecond, int burst, long mediaFileBytes, Map<Quota, Long> quotas) {
    static final String FILE = "plans/plans.properties";
    private static final long MIB = 1024L * 1024L;
    private static final Map<Plan, PlanLimits> PLANS = load();

    /** The things a plan limits the number of. */
    public enum Quota {
        PROJECTS,
        MEMBERS,
        MEDIA,
        WEBHOOKS;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static PlanLimits of(Plan plan) {
        return PLANS.get(plan);
    }

    /** The largest media file a tenant on {@code plan} may upload. */
    public static long mediaFileBytes(Plan plan) {
        return of(plan).mediaFileBytes();
    }

    /** The most items of {@code quota} the plan allows, or {@link Long#MAX_VALUE} when unlimited. */
    public long quota(Quota quota) {
        return quotas.get(quota);
    }

    private static Map<Plan, PlanLimits> load() {
        Properties file = new Properties();
        try (InputStream in = PlanLimits.class.getClassLoader().getResourceAsStream(FILE)) {
            if (in == null) {
                throw new IllegalStateException("The plans file " + FILE + " is missing.");
            }
            file.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the plans file " + FILE, e);
        }
        Map<Plan, PlanLimits> plans = new EnumMap<>(Plan.class);
        for (Plan plan : Plan.values()) {
            int rate = (int) number(file, plan, "requests-per-second", 1);
            Map<Quota, Long> quotas = new EnumMap<>(Quota.class);
            for (Quota quota : Quota.values()) {
                long value = number(file, plan, "quota." + quota.wireName(), -1);
                quotas.put(quota, value < 0 ? Long.MAX_VALUE : value);
            }
            plans.put(
                    plan,
                    new PlanLimits(rate, 2 * rate, number(file, plan, "media-file-mib", 1) * MIB, Map.copyOf(quotas)));
        }
        return Map.copyOf(plans);
    }

    private static long number(Properties file, Plan plan, String name, long min) {
        String key = plan.wireName() + "." + name;
        String value = file.getProperty(key);
        try {
            long parsed = Long.parseLong(value == null ? "" : value.trim());
            if (parsed < min) {
                throw new IllegalStateException(FILE + ": " + key + " must be at least " + min);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalStateException(FILE + ": " + key + " must be a whole number, not '" + value + "'", e);
        }
    }
}
