package io.tenantry.billing.service;

import io.micronaut.context.annotation.Requires;
import io.tenantry.billing.model.Invoice;
import io.tenantry.billing.model.InvoiceMessage;
import io.tenantry.billing.repository.BillingSettings;
import io.tenantry.billing.repository.InvoiceDocuments;
import io.tenantry.billing.repository.InvoiceRepository;
import io.tenantry.billing.repository.InvoiceRepository.TenantInfo;
import io.tenantry.shared.auth.SystemAccess;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.data.Outbox;
import io.tenantry.shared.email.EmailQueue;
import io.tenantry.shared.email.EmailRequest;
import io.tenantry.shared.events.EventPublisher;
import io.tenantry.shared.events.EventTypes;
import io.tenantry.shared.metering.DailyUsage;
import io.tenantry.shared.metering.UsageMeter;
import io.tenantry.shared.metering.UsageReader;
import io.tenantry.shared.metrics.BusinessMetrics;
import io.tenantry.shared.metrics.MetricNames;
import io.tenantry.shared.plan.Plan;
import io.tenantry.shared.pricing.PriceList;
import io.tenantry.shared.queue.UnusableMessageException;
import io.tenantry.shared.snapstart.Priming;
import io.tenantry.shared.snapstart.PrimingGuard;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders one invoice, idempotently, in steps that each end in a conditional state change:
 *
 * <ol>
 *   <li>{@code pending}: compute the lines from the month's metered usage and the price list, and
 *       freeze them on the invoice ({@code pending → rendering}); a racing worker that loses reads
 *       the frozen lines instead;
 *   <li>{@code rendering}: render the PDF from the frozen invoice (the same bytes every time), write
 *       it to its fixed key, then {@code rendering → ready}; only the worker that makes that change
 *       counts the invoice as rendered;
 *   <li>{@code ready}: ask for the invoice-ready email (sent once per invoice by the email worker);
 *   <li>{@code failed}: nothing to do.
 * </ol>
 *
 * A crash or redelivery between any two steps resumes at the step the invoice is in, so an invoice
 * ends with one PDF object and one final state. When the last attempt the queue allows fails, the
 * invoice is marked {@code failed} with a reason. A message naming no valid tenant or invoice is
 * refused without writing anything and goes to the dead-letter queue at once. Each state change is
 * a {@code StateTransitions} transition, made by the repository. It exists where {@link InvoicePdf}
 * does: in the invoice worker.
 */
@Singleton
@Requires(beans = InvoicePdf.class)
public class InvoiceRenderer {
    private static final Logger LOG = LoggerFactory.getLogger(InvoiceRenderer.class);

    private final InvoiceRepository invoices;
    private final InvoiceDocuments documents;
    private final InvoiceCalculator calculator;
    private final InvoicePdf pdf;
    private final UsageReader usage;
    private final UsageMeter meter;
    private final BusinessMetrics business;
    private final PriceList prices;
    private final BillingSettings settings;
    private final EmailQueue emails;
    private final EventPublisher events;
    private final Outbox outbox;
    private final Clock clock;

    public InvoiceRenderer(
            InvoiceRepository invoices,
            InvoiceDocuments documents,
            InvoiceCalculator calculator,
            InvoicePdf pdf,
            UsageReader usage,
            UsageMeter meter,
            BusinessMetrics business,
            PriceList prices,
            BillingSettings settings,
            EmailQueue emails,
            EventPublisher events,
            Outbox outbox,
            Clock clock) {
        this.invoices = invoices;
        this.documents = documents;
        this.calculator = calculator;
        this.pdf = pdf;
        this.usage = usage;
        this.meter = meter;
        this.business = business;
        this.prices = prices;
        this.settings = settings;
        this.emails = emails;
        this.events = events;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Where a message that can never succeed ({@link UnusableMessageException}) goes at once. */
    public String deadLetterQueueUrl() {
        return settings.deadLetterQueueUrl();
    }

    /**
     * Renders the invoice one message names; {@code receiveCount} is the delivery's count (the last
     * attempt marks the invoice failed). Throws {@link UnusableMessageException} for a message that
     * can never succeed (no tenant, no invoice, or one that does not exist), anything else when the
     * message must come back.
     */
    public void render(InvoiceMessage message, int receiveCount) {
        if (message == null || message.tenantId() == null || message.invoiceId() == null) {
            throw new UnusableMessageException("The message names no tenant or no invoice.");
        }
        TenantAccess access;
        try {
            access = SystemAccess.forWorker(message.tenantId());
        } catch (IllegalArgumentException e) {
            throw new UnusableMessageException("The message's tenant id is not a tenant id.");
        }
        if (!InvoiceService.ID.matcher(message.invoiceId()).matches()) {
            throw new UnusableMessageException("The message's invoice id is not an invoice id.");
        }
        Invoice invoice = invoices.find(access, message.invoiceId())
                .orElseThrow(() -> new UnusableMessageException("The tenant has no such invoice."));
        long started = System.nanoTime();
        try {
            process(access, invoice);
        } catch (RuntimeException e) {
            if (receiveCount >= settings.attempts()) {
                String reason = "The invoice could not be rendered after " + settings.attempts()
                        + " attempts; ask for it again to retry.";
                invoices.markFailed(access, invoice.id(), reason, now())
                        .ifPresent(failed -> LOG.atError()
                                .addKeyValue("tenantId", access.tenantId())
                                .addKeyValue("invoiceId", invoice.id())
                                .log("Invoice marked failed after its last attempt"));
            }
            throw e;
        } finally {
            meter.computed(access, (System.nanoTime() - started + 999_999) / 1_000_000);
        }
    }

    private void process(TenantAccess access, Invoice invoice) {
        if (invoice.isFinal()) {
            if (Invoice.READY.equals(invoice.status())) {
                notifyReady(access, invoice);
            }
            LOG.atInfo()
                    .addKeyValue("invoiceId", invoice.id())
                    .addKeyValue("status", invoice.status())
                    .log("Invoice already final; nothing to do");
            return;
        }
        Optional<TenantInfo> tenant = invoices.tenant(access).filter(t -> "active".equals(t.status()));
        if (tenant.isEmpty()) {
            LOG.atInfo()
                    .addKeyValue("invoiceId", invoice.id())
                    .log("The tenant is being offboarded; its invoice is not rendered");
            return;
        }
        Invoice current = invoice;
        if (Invoice.PENDING.equals(current.status())) {
            current = freeze(access, current, tenant.get());
        }
        if (Invoice.RENDERING.equals(current.status())) {
            byte[] document = render(access, current);
            documents.store(current.objectKey(), document);
            markReady(access, current, document);
        }
    }

    /**
     * Before a SnapStart snapshot, inside a priming run ({@link PrimingGuard}): the steps of a render, which the
     * priming message does not reach (its tenant and invoice do not exist), for a made-up invoice of the priming
     * tenant: the month's usage read (it finds nothing), the lines priced and frozen, the PDF rendered and stored, and
     * the invoice's read before it is marked ready. The freeze and the upload end at their writes, stopped before they
     * are sent; the ready mark at its read, which finds no invoice. Nothing is written, metered or counted.
     */
    public void prime(PrimingGuard guard) {
        TenantAccess access = SystemAccess.forWorker(Priming.TENANT_ID);
        String id = Priming.id("inv_");
        YearMonth period = YearMonth.of(2026, 1);
        String issued = "2026-02-01T00:00:00Z";
        TenantInfo tenant = new TenantInfo("Priming", Plan.PRO.wireName(), "active", "2025-12-01T00:00:00Z", 1);
        Invoice pending = new Invoice(
                id,
                1,
                period.toString(),
                Invoice.PENDING,
                prices.currency(),
                issued,
                Plan.PRO.wireName(),
                null,
                null,
                List.of(),
                null,
                null,
                null,
                null,
                1);
        guard.stopsAt("the frozen lines", () -> freeze(access, pending, tenant));
        InvoiceCalculator.Priced priced = calculator.price(Plan.PRO, period, List.of());
        Invoice rendering = new Invoice(
                id,
                1,
                period.toString(),
                Invoice.RENDERING,
                priced.currency(),
                issued,
                Plan.PRO.wireName(),
                priced.pricingVersion(),
                priced.totalCents(),
                priced.lines(),
                issued,
                tenant.name(),
                InvoiceDocuments.keyOf(access, id),
                null,
                2);
        byte[] document = render(access, rendering);
        guard.stopsAt("the PDF's upload", () -> documents.store(rendering.objectKey(), document));
        // The ready mark's transaction (with the email and the event) is conditional on the version it reads first:
        // that read finds no invoice of the priming tenant, so the step ends there, changing nothing.
        markReady(access, rendering, document);
    }

    private byte[] render(TenantAccess access, Invoice invoice) {
        return pdf.render(new InvoicePdf.Content(
                invoice.id(),
                invoice.number(),
                access.tenantId(),
                invoice.tenantName(),
                YearMonth.parse(invoice.period()),
                invoice.plan(),
                invoice.pricingVersion(),
                invoice.currency(),
                Instant.parse(invoice.issuedAt()),
                invoice.lines(),
                invoice.totalCents(),
                prices.notes()));
    }

    /**
     * {@code rendering → ready}, in one transaction with the invoice-ready email's request and the {@code
     * invoice.ready} event (the outbox); only the worker that makes the change counts the invoice as rendered.
     */
    private void markReady(TenantAccess access, Invoice invoice, byte[] document) {
        var readyEmail = List.of(emails.message(readyRequest(access, invoice), clock.instant()));
        boolean markedReady = outbox.with(
                        access,
                        readyEmail,
                        () -> events.withEvent(
                                access,
                                EventTypes.INVOICE_READY,
                                readyEvent(invoice),
                                () -> invoices.markReady(access, invoice.id(), now())))
                .isPresent();
        if (markedReady) {
            meter.invoiceRendered(access);
            business.record(MetricNames.INVOICES_RENDERED, access.tenantId(), Plan.fromWireName(invoice.plan()));
            meter.stored(access, document.length);
            LOG.atInfo()
                    .addKeyValue("invoiceId", invoice.id())
                    .addKeyValue("bytes", document.length)
                    .addKeyValue("totalCents", invoice.totalCents())
                    .log("Invoice ready");
        }
    }

    /**
     * Asks again for the invoice-ready email to the tenant's owners and admins, for a delivery that finds the invoice
     * ready already. The first ask, and the {@code invoice.ready} event, are written in the transaction that marks it
     * ready (the outbox, docs/outbox.md); the email worker sends one email per invoice however often it is asked.
     */
    private void notifyReady(TenantAccess access, Invoice invoice) {
        emails.send(readyRequest(access, invoice), 0);
    }

    private static EmailRequest readyRequest(TenantAccess access, Invoice invoice) {
        return EmailRequest.invoiceReady(
                access.tenantId(),
                invoice.id(),
                Long.toString(invoice.number()),
                invoice.period(),
                invoice.totalCents() == null ? 0 : invoice.totalCents(),
                invoice.currency());
    }

    private static java.util.Map<String, Object> readyEvent(Invoice invoice) {
        return java.util.Map.of(
                "id", invoice.id(),
                "number", invoice.number(),
                "period", invoice.period(),
                "status", Invoice.READY,
                "totalCents", java.util.Objects.requireNonNullElse(invoice.totalCents(), 0L),
                "currency", invoice.currency());
    }

    /** Computes and freezes the lines; the frozen invoice, or the one a racing worker froze. */
    private Invoice freeze(TenantAccess access, Invoice invoice, TenantInfo tenant) {
        YearMonth period = YearMonth.parse(invoice.period());
        meter.flushForRead(); // this instance's own pending counts to the journal first (counted at once where
        // delivered in
        // process)
        List<DailyUsage> days = usage.daily(access, period.atDay(1), period.atEndOfMonth());
        Plan plan = Plan.fromWireName(invoice.plan()).orElse(Plan.FREE);
        YearMonth created = YearMonth.from(Instant.parse(tenant.createdAt()).atZone(ZoneOffset.UTC));
        InvoiceCalculator.Priced priced = period.isBefore(created)
                ? calculator.beforeTheTenant(period, created)
                : calculator.price(plan, period, days);
        return invoices.freeze(
                        access,
                        invoice.id(),
                        priced.lines(),
                        priced.totalCents(),
                        priced.pricingVersion(),
                        now(),
                        tenant.name() == null ? "" : tenant.name(),
                        InvoiceDocuments.keyOf(access, invoice.id()))
                .or(() -> invoices.find(access, invoice.id()))
                .orElseThrow(() -> new IllegalStateException("Invoice " + invoice.id() + " vanished"));
    }

    private String now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
