package io.tenantry.billing.repository;

import io.tenantry.billing.model.Invoice;
import io.tenantry.billing.model.InvoiceLine;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.data.Item;
import io.tenantry.shared.data.ItemSizes;
import io.tenantry.shared.data.Keys;
import io.tenantry.shared.data.TenantItems;
import io.tenantry.shared.idempotency.StateTransitions;
import io.tenantry.shared.idempotency.StateTransitions.Transition;
import io.tenantry.shared.metering.UsageMeter;
import jakarta.inject.Singleton;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Invoices in the tenant's partition: {@code INVOICE#<id>} (ids are ULIDs, so newest first is a
 * reverse query), the period's claim {@code INVOICE_PERIOD#<yyyy-mm>} naming the invoice, and the
 * counter {@code invoiceCount} on the tenant record. Creation writes all three in one transaction, so
 * a period has one invoice and numbers run 1, 2, 3… with no gap and no repeat, however requests race.
 * Later changes are conditional state transitions ({@link StateTransitions}), each made once.
 */
@Singleton
public class DynamoInvoiceRepository implements InvoiceRepository {
    static final String PREFIX = "INVOICE#";
    static final String PERIOD_PREFIX = "INVOICE_PERIOD#";
    private static final String COUNTER = "invoiceCount";

    private final DynamoDbClient dynamoDb;
    private final TenantItems items;
    private final UsageMeter meter;
    private final StateTransitions transitions;

    public DynamoInvoiceRepository(
            DynamoDbClient dynamoDb, TenantItems items, UsageMeter meter, StateTransitions transitions) {
        this.dynamoDb = dynamoDb;
        this.items = items;
        this.meter = meter;
        this.transitions = transitions;
    }

    @Override
    public Optional<TenantInfo> tenant(TenantAccess access) {
        return items.get(access, Keys.TENANT_RECORD)
                .map(i -> new TenantInfo(
                        i.string("name"),
                        i.string("plan"),
                        i.string("status"),
                        i.string("createdAt"),
                        i.number(COUNTER)));
    }

    @Override
    public Created create(TenantAccess access, Invoice invoice, long invoiceCount) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":active", AttributeValue.fromS("active"));
        values.put(":next", number(invoiceCount + 1));
        String counterCondition;
        if (invoiceCount == 0) {
            counterCondition = "attribute_not_exists(#count)";
        } else {
            counterCondition = "#count = :seen";
            values.put(":seen", number(invoiceCount));
        }
        Map<String, AttributeValue> attributes = new LinkedHashMap<>();
        attributes.put("id", AttributeValue.fromS(invoice.id()));
        attributes.put("number", number(invoice.number()));
        attributes.put("period", AttributeValue.fromS(invoice.period()));
        attributes.put("status", AttributeValue.fromS(Invoice.PENDING));
        attributes.put("currency", AttributeValue.fromS(invoice.currency()));
        attributes.put("createdAt", AttributeValue.fromS(invoice.createdAt()));
        attributes.put("plan", AttributeValue.fromS(invoice.plan()));
        Map<String, AttributeValue> claim = Map.of(
                "invoiceId", AttributeValue.fromS(invoice.id()), "period", AttributeValue.fromS(invoice.period()));
        List<TransactWriteItem> writes = List.of(
                items.updateInTransaction(
                        access,
                        Keys.TENANT_RECORD,
                        "SET #count = :next",
                        "attribute_exists(PK) AND #status = :active AND " + counterCondition,
                        Map.of("#count", COUNTER, "#status", "status"),
                        values),
                items.createInTransaction(access, PREFIX + invoice.id(), attributes),
                items.createInTransaction(access, PERIOD_PREFIX + invoice.period(), claim));
        try {
            items.transact(access, writes);
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
            if (failed(reasons, 2)) {
                return Created.PERIOD_TAKEN;
            }
            if (failed(reasons, 0)) {
                return tenant(access)
                        .filter(t -> "active".equals(t.status()))
                        .map(t -> Created.RETRY)
                        .orElse(Created.TENANT_INACTIVE);
            }
            return Created.RETRY;
        }
        meter.stored(access, ItemSizes.of(attributes) + ItemSizes.of(claim));
        return Created.CREATED;
    }

    @Override
    public Optional<Invoice> find(TenantAccess access, String invoiceId) {
        return items.get(access, PREFIX + invoiceId).map(DynamoInvoiceRepository::toInvoice);
    }

    @Override
    public Optional<Invoice> findByPeriod(TenantAccess access, YearMonth period) {
        return items.get(access, PERIOD_PREFIX + period)
                .map(claim -> claim.string("invoiceId"))
                .flatMap(id -> find(access, id));
    }

    @Override
    public List<Invoice> listNewestFirst(TenantAccess access, Optional<String> afterId, int limit) {
        Map<String, AttributeValue> start =
                afterId.map(id -> items.startKey(access, PREFIX + id)).orElse(null);
        return items.query(access, PREFIX, limit + 1, start, false).items().stream()
                .map(DynamoInvoiceRepository::toInvoice)
                .toList();
    }

    @Override
    public Optional<Invoice> freeze(
            TenantAccess access,
            String invoiceId,
            List<InvoiceLine> lines,
            long totalCents,
            String pricingVersion,
            String issuedAt,
            String tenantName,
            String objectKey) {
        AttributeValue linesValue = AttributeValue.fromL(lines.stream()
                .map(l -> AttributeValue.fromM(Map.of(
                        "description", AttributeValue.fromS(l.description()),
                        "quantity", number(l.quantity()),
                        "unitCents", number(l.unitCents()),
                        "amountCents", number(l.amountCents()))))
                .toList());
        Map<String, AttributeValue> frozen = new LinkedHashMap<>();
        frozen.put("lines", linesValue);
        frozen.put("totalCents", number(totalCents));
        frozen.put("pricingVersion", AttributeValue.fromS(pricingVersion));
        frozen.put("issuedAt", AttributeValue.fromS(issuedAt));
        frozen.put("tenantName", AttributeValue.fromS(tenantName));
        frozen.put("objectKey", AttributeValue.fromS(objectKey));
        return transition(
                access,
                invoiceId,
                Transition.from(Invoice.PENDING).to(Invoice.RENDERING).set(frozen));
    }

    @Override
    public Optional<Invoice> markReady(TenantAccess access, String invoiceId, String now) {
        return transition(
                access,
                invoiceId,
                Transition.from(Invoice.RENDERING).to(Invoice.READY).set("readyAt", AttributeValue.fromS(now)));
    }

    @Override
    public Optional<Invoice> markFailed(TenantAccess access, String invoiceId, String reason, String now) {
        return transition(
                access,
                invoiceId,
                Transition.from(Invoice.PENDING, Invoice.RENDERING)
                        .to(Invoice.FAILED)
                        .set("reason", AttributeValue.fromS(reason))
                        .set("failedAt", AttributeValue.fromS(now)));
    }

    @Override
    public Optional<Invoice> reopen(TenantAccess access, String invoiceId, String now) {
        return transition(
                access,
                invoiceId,
                Transition.from(Invoice.FAILED)
                        .to(Invoice.PENDING)
                        .set("reopenedAt", AttributeValue.fromS(now))
                        .remove(
                                "reason",
                                "failedAt",
                                "lines",
                                "totalCents",
                                "issuedAt",
                                "tenantName",
                                "objectKey",
                                "pricingVersion"));
    }

    private Optional<Invoice> transition(TenantAccess access, String invoiceId, Transition transition) {
        return transitions.apply(access, PREFIX + invoiceId, transition).map(DynamoInvoiceRepository::toInvoice);
    }

    private static boolean failed(List<CancellationReason> reasons, int index) {
        return reasons.size() > index
                && "ConditionalCheckFailed".equals(reasons.get(index).code());
    }

    static Invoice toInvoice(Item item) {
        AttributeValue rawLines = item.attributes().get("lines");
        List<InvoiceLine> lines = rawLines == null || !rawLines.hasL()
                ? null
                : rawLines.l().stream()
                        .map(v -> {
                            Item line = new Item(v.m());
                            return new InvoiceLine(
                                    line.string("description"),
                                    line.number("quantity"),
                                    line.number("unitCents"),
                                    line.number("amountCents"));
                        })
                        .toList();
        AttributeValue total = item.attributes().get("totalCents");
        return new Invoice(
                item.string("id"),
                item.number("number"),
                item.string("period"),
                item.string("status"),
                item.string("currency"),
                item.string("createdAt"),
                item.string("plan"),
                item.string("pricingVersion"),
                total == null ? null : Long.valueOf(total.n()),
                lines,
                item.string("issuedAt"),
                item.string("tenantName"),
                item.string("objectKey"),
                item.string("reason"),
                item.version());
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
