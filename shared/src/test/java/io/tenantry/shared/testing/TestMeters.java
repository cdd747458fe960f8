package io.tenantry.shared.testing;

import io.micronaut.json.JsonMapper;
import io.tenantry.shared.data.TableSettings;
import io.tenantry.shared.json.JsonCodec;
import io.tenantry.shared.metering.InProcessUsageDelivery;
import io.tenantry.shared.metering.MeteringSettings;
import io.tenantry.shared.metering.UsageAggregator;
import io.tenantry.shared.metering.UsageJournal;
import io.tenantry.shared.metering.UsageMeter;
import io.tenantry.shared.metering.UsageStore;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Meters for tests: each one an instance whose lines are delivered in process to one aggregator, as locally. */
public final class TestMeters {
    private TestMeters() {}

    public static JsonCodec json() {
        return new JsonCodec(JsonMapper.createDefault());
    }

    /** The aggregator every meter of a test delivers to (as the log subscription does for every instance). */
    public static UsageAggregator aggregator(DynamoDbClient client, TableSettings table, Clock clock) {
        return new UsageAggregator(new UsageStore(client, table, clock), clock);
    }

    public static UsageMeter meter(UsageAggregator aggregator, Clock clock, long memoryMb) {
        UsageJournal journal =
                new UsageJournal(json(), InProcessUsageDelivery.MODE, () -> new InProcessUsageDelivery(aggregator));
        return new UsageMeter(journal, new MeteringSettings(true, memoryMb, 1024), clock);
    }
}
