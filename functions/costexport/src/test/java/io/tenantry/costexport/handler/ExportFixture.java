package io.tenantry.costexport.handler;

import io.micronaut.context.ApplicationContext;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.shared.auth.SystemAccess;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.data.Keys;
import io.tenantry.shared.data.TableSettings;
import io.tenantry.shared.metering.UsageMeter;
import io.tenantry.shared.testing.TestMeters;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The export function in a context of its own over the emulated table and bucket, and a way to meter known usage
 * for tenants on given days (a meter whose clock the test sets, flushed at once).
 */
final class ExportFixture implements AutoCloseable {
    final AwsEnvironment aws;
    final ApplicationContext context;
    final CostExportHandler handler;
    final String bucket;
    final TableSettings table;

    ExportFixture(AwsEnvironment aws, Map<String, Object> overrides) {
        this.aws = aws;
        Map<String, Object> properties = new HashMap<>(aws.micronautProperties("CostExportFunction"));
        properties.putAll(overrides);
        this.context = ApplicationContext.run(properties);
        this.handler = new CostExportHandler(context);
        this.bucket = aws.resources().bucketName("ExportsBucket");
        this.table = context.getBean(TableSettings.class);
    }

    /** The fixture's prices: round numbers a person can check by hand. */
    static Map<String, Object> fixturePrices() {
        return Map.of(
                "tenantry.cost.price.file", "classpath:pricing/fixture-prices.json",
                "tenantry.cost.workload.file", "classpath:pricing/fixture-workload.json",
                "tenantry.cost.compute.line", "compute",
                "tenantry.cost.storage.line", "storage");
    }

    static String newTenantId() {
        return "ten_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 26).toUpperCase();
    }

    /** A tenant record, as the tenants functions write it. */
    TenantAccess tenant(String id, String name, String plan, String status) {
        TenantAccess access = SystemAccess.forWorker(id);
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Keys.PK, AttributeValue.fromS(Keys.partitionOf(access)));
        item.put(Keys.SK, AttributeValue.fromS(Keys.TENANT_RECORD));
        item.put("id", AttributeValue.fromS(id));
        item.put("name", AttributeValue.fromS(name));
        item.put("plan", AttributeValue.fromS(plan));
        item.put("status", AttributeValue.fromS(status));
        if (status.equals("deleting")) {
            item.put("deletedAt", AttributeValue.fromS("2024-06-20T12:00:00Z"));
        }
        aws.dynamoDb().putItem(b -> b.tableName(table.name()).item(item));
        return access;
    }

    /** Meters what {@code use} records as happening on {@code day} (memory 1024 MB), written at once. */
    void meter(LocalDate day, Consumer<UsageMeter> use) {
        Clock clock = Clock.fixed(day.atTime(12, 0).toInstant(ZoneOffset.UTC), ZoneId.of("UTC"));
        UsageMeter meter = TestMeters.meter(TestMeters.aggregator(aws.dynamoDb(), table, clock), clock, 1024);
        use.accept(meter);
        meter.flush();
        if (meter.pendingEvents() != 0) {
            throw new IllegalStateException("usage not written");
        }
    }

    /**
     * Usage written straight to the table, as a meter would have written it, for a tenant the meter refuses to
     * count (the synthetic tenant): one request on {@code day}, in usage shard 0 and the day's index.
     */
    void writeUsageDirectly(TenantAccess access, LocalDate day, long requests) {
        aws.dynamoDb()
                .putItem(b -> b.tableName(table.name())
                        .item(Map.of(
                                Keys.PK,
                                AttributeValue.fromS(Keys.usagePartitionOf(access, 0)),
                                Keys.SK,
                                AttributeValue.fromS("DAY#" + day),
                                "tenantId",
                                AttributeValue.fromS(access.tenantId()),
                                "day",
                                AttributeValue.fromS(day.toString()),
                                "requests",
                                AttributeValue.fromN(Long.toString(requests)),
                                "computeMs",
                                AttributeValue.fromN(Long.toString(requests)),
                                "computeMbMs",
                                AttributeValue.fromN(Long.toString(requests * 1024)))));
        aws.dynamoDb()
                .putItem(b -> b.tableName(table.name())
                        .item(Map.of(
                                Keys.PK,
                                AttributeValue.fromS(Keys.usageDayIndexOf(day, access.tenantId())),
                                Keys.SK,
                                AttributeValue.fromS(access.tenantId()),
                                "tenantId",
                                AttributeValue.fromS(access.tenantId()),
                                "day",
                                AttributeValue.fromS(day.toString()))));
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> export(String from, String to) {
        return handler.execute(Map.of("from", from, "to", to));
    }

    Optional<String> object(String key) {
        try {
            return Optional.of(
                    aws.s3().getObjectAsBytes(b -> b.bucket(bucket).key(key)).asString(StandardCharsets.UTF_8));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    List<String> keysUnder(String prefix) {
        return aws.s3().listObjectsV2(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
                .map(S3Object::key)
                .toList();
    }

    static Instant at(String instant) {
        return Instant.parse(instant);
    }

    @Override
    public void close() {
        context.close();
    }
}
