package io.tenantry.shared.pricing;

import io.micronaut.context.annotation.Value;
import io.tenantry.shared.json.JsonCodec;
import io.tenantry.shared.plan.Plan;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The prices of every plan, from the versioned file {@code pricing/plans-<version>.json} on the class
 * path ({@code TENANTRY_PRICING_VERSION}, default {@code v1}). Money is integer cents of one currency.
 * A new price list is a new file and a new version; invoices record the version they were priced
 * with, so an old invoice can always be explained. Read once, when first needed, and checked: every
 * plan must price every meter.
 */
@Singleton
public final class PriceList {
    private final JsonCodec json;
    private final String version;
    private volatile Loaded loaded;

    public PriceList(JsonCodec json, @Value("${tenantry.pricing.version:v1}") String version) {
        this.json = json;
        this.version = version;
    }

    private record Loaded(String version, String currency, List<String> notes, Map<Plan, PlanPrice> plans) {}

    /** The version of the prices, e.g. {@code v1}. */
    public String version() {
        return loaded().version();
    }

    /** The ISO 4217 code every amount is in. */
    public String currency() {
        return loaded().currency();
    }

    /** The file's own statement of its rules (rounding, units), for documents that show prices. */
    public List<String> notes() {
        return loaded().notes();
    }

    public PlanPrice of(Plan plan) {
        return loaded().plans().get(plan);
    }

    private Loaded loaded() {
        Loaded current = loaded;
        if (current == null) {
            synchronized (this) {
                if (loaded == null) {
                    loaded = load();
                }
                current = loaded;
            }
        }
        return current;
    }

    private Loaded load() {
        String resource = "pricing/plans-" + version + ".json";
        PricingFile file;
        try (InputStream in = PriceList.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("No price list " + resource + " on the class path");
            }
            file = json.read(in.readAllBytes(), PricingFile.class);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource, e);
        }
        if (!version.equals(file.version())
                || file.currency() == null
                || file.currency().length() != 3) {
            throw new IllegalStateException(resource + ": version must be " + version + " and currency an ISO code");
        }
        Map<Plan, PlanPrice> plans = new EnumMap<>(Plan.class);
        for (Plan plan : Plan.values()) {
            PricingFile.PlanFile p = file.plans() == null ? null : file.plans().get(plan.wireName());
            if (p == null || p.monthlyFeeCents() < 0) {
                throw new IllegalStateException(resource + ": no valid prices for plan " + plan.wireName());
            }
            Map<Meter, Long> included = new EnumMap<>(Meter.class);
            Map<Meter, PlanPrice.Overage> overage = new EnumMap<>(Meter.class);
            for (Meter meter : Meter.values()) {
                Long quantity = p.included() == null ? null : p.included().get(meter.fileName());
                PricingFile.OverageFile price =
                        p.overage() == null ? null : p.overage().get(meter.fileName());
                if (quantity == null
                        || quantity < 0
                        || price == null
                        || price.perUnits() < 1
                        || price.unitCents() < 0) {
                    throw new IllegalStateException(
                            resource + ": plan " + plan.wireName() + " must price " + meter.fileName());
                }
                included.put(meter, quantity);
                overage.put(meter, new PlanPrice.Overage(price.perUnits(), price.unitCents()));
            }
            plans.put(plan, new PlanPrice(p.monthlyFeeCents(), Map.copyOf(included), Map.copyOf(overage)));
        }
        return new Loaded(file.version(), file.currency(), file.notes() == null ? List.of() : file.notes(), plans);
    }
}
