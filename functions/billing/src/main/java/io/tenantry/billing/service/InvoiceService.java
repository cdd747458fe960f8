package io.tenantry.billing.service;

import io.micronaut.context.BeanProvider;
import io.tenantry.billing.model.Invoice;
import io.tenantry.billing.model.InvoiceView;
import io.tenantry.billing.repository.InvoiceDocuments;
import io.tenantry.billing.repository.InvoiceQueue;
import io.tenantry.billing.repository.InvoiceRepository;
import io.tenantry.billing.repository.InvoiceRepository.TenantInfo;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.data.Outbox;
import io.tenantry.shared.id.Ids;
import io.tenantry.shared.page.CursorCodec;
import io.tenantry.shared.page.Page;
import io.tenantry.shared.page.PageRequest;
import io.tenantry.shared.pricing.PriceList;
import io.tenantry.shared.problem.ConflictException;
import io.tenantry.shared.problem.NotFoundException;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A tenant's invoices: one per period, asked for with {@link #request}, rendered by the invoice
 * worker, listed and read with a download link once ready.
 */
@Singleton
public class InvoiceService {
    static final String COLLECTION = "invoices";
    /**
     * A failed attempt means another request of the same tenant created an invoice (the counter moved or the period
     * was taken) in the meantime, so with n requests creating invoices of one tenant at once every one succeeds
     * within n attempts. 16 covers a month-end batch of a tenant's back periods; past it the caller gets a 409.
     */
    static final int CREATE_ATTEMPTS = 16;

    static final Pattern ID = Pattern.compile("inv_[0-9A-HJKMNP-TV-Z]{26}");

    private final InvoiceRepository invoices;
    private final InvoiceQueue queue;
    private final InvoiceDocuments documents;
    /** Only the list route pages: the invoice worker's artifact has no cursor keys (docs/artifacts.md). */
    private final BeanProvider<CursorCodec> cursors;

    private final PriceList prices;
    private final Outbox outbox;
    private final Clock clock;

    public InvoiceService(
            InvoiceRepository invoices,
            InvoiceQueue queue,
            InvoiceDocuments documents,
            BeanProvider<CursorCodec> cursors,
            PriceList prices,
            Outbox outbox,
            Clock clock) {
        this.invoices = invoices;
        this.queue = queue;
        this.documents = documents;
        this.cursors = cursors;
        this.prices = prices;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** The current month in UTC: the latest a client may ask an invoice for. */
    public YearMonth currentMonth() {
        return YearMonth.from(clock.instant().atZone(ZoneOffset.UTC));
    }

    /**
     * The invoice of a period: the existing one, or a new pending one queued for rendering. Two
     * racing requests get the same invoice. A period before the tenant's creation month gets an empty
     * invoice (no fee, no usage: total 0). The render request is written in the creating (or reopening)
     * transaction and sent by the outbox relay (docs/outbox.md). Asking again for a failed invoice queues it
     * again; asking for a pending one sends it to the worker again (harmless: the worker is idempotent).
     */
    public InvoiceView request(TenantAccess access, YearMonth period) {
        for (int attempt = 0; attempt < CREATE_ATTEMPTS; attempt++) {
            TenantInfo tenant = invoices.tenant(access)
                    .filter(t -> "active".equals(t.status()))
                    .orElseThrow(() -> new NotFoundException("There is no such tenant."));
            Optional<Invoice> existing = invoices.findByPeriod(access, period);
            if (existing.isPresent()) {
                return view(nudge(access, existing.get()));
            }
            Invoice invoice = new Invoice(
                    Ids.invoiceId(),
                    tenant.invoiceCount() + 1,
                    period.toString(),
                    Invoice.PENDING,
                    prices.currency(),
                    now(),
                    tenant.plan(),
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    1);
            var created = outbox.with(
                    access,
                    List.of(queue.message(access, invoice.id(), clock.instant())),
                    () -> invoices.create(access, invoice, tenant.invoiceCount()));
            switch (created) {
                case CREATED -> {
                    return view(invoice);
                }
                case TENANT_INACTIVE -> throw new NotFoundException("There is no such tenant.");
                case PERIOD_TAKEN, RETRY -> {
                    // Another request won the period or moved the counter: read again.
                }
            }
        }
        throw new ConflictException("Invoices of this tenant are being created by other requests; try again.");
    }

    public Page<InvoiceView> list(TenantAccess access, PageRequest page) {
        Optional<String> after = page.cursor()
                .map(c -> cursors.get().decode(access, COLLECTION, c).get("id"));
        List<Invoice> found = invoices.listNewestFirst(access, after, page.limit());
        List<Invoice> items = found.size() <= page.limit() ? found : found.subList(0, page.limit());
        String next = found.size() <= page.limit()
                ? null
                : cursors.get()
                        .encode(access, COLLECTION, Map.of("id", items.getLast().id()));
        return new Page<>(items.stream().map(this::view).toList(), next);
    }

    public InvoiceView get(TenantAccess access, String invoiceId) {
        if (!ID.matcher(invoiceId).matches()) {
            throw notFound();
        }
        return invoices.find(access, invoiceId).map(this::view).orElseThrow(InvoiceService::notFound);
    }

    private Invoice nudge(TenantAccess access, Invoice invoice) {
        if (Invoice.FAILED.equals(invoice.status())) {
            Optional<Invoice> reopened = outbox.with(
                    access,
                    List.of(queue.message(access, invoice.id(), clock.instant())),
                    () -> invoices.reopen(access, invoice.id(), now()));
            return reopened.orElseGet(() -> invoices.find(access, invoice.id()).orElse(invoice));
        }
        if (!invoice.isFinal()) {
            queue.send(access, invoice.id());
        }
        return invoice;
    }

    private InvoiceView view(Invoice invoice) {
        if (!Invoice.READY.equals(invoice.status())) {
            return InvoiceView.of(invoice, null, null);
        }
        InvoiceDocuments.Download download = documents.link(invoice.objectKey(), clock.instant());
        return InvoiceView.of(
                invoice,
                download.url().toString(),
                download.expiresAt().truncatedTo(ChronoUnit.SECONDS).toString());
    }

    private String now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private static NotFoundException notFound() {
        return new NotFoundException("There is no such invoice.");
    }
}
