package io.tenantry.billing.handler;

import io.micronaut.context.ApplicationContext;
import io.tenantry.billing.model.CreateInvoiceRequest;
import io.tenantry.billing.service.InvoiceService;
import io.tenantry.shared.auth.Role;
import io.tenantry.shared.http.ApiHandler;
import io.tenantry.shared.http.ApiRequest;
import io.tenantry.shared.http.ApiResponse;
import io.tenantry.shared.http.Route;
import jakarta.inject.Inject;

/**
 * {@code POST /v1/invoices}: admins ask for the invoice of a month; 202 with the invoice, the same one
 * every time for a period. Honours Idempotency-Key.
 */
@Route(value = "POST /v1/invoices", audit = "invoice.requested", role = Role.ADMIN, idempotent = true)
public class CreateInvoiceHandler extends ApiHandler {
    @Inject
    InvoiceService invoices;

    public CreateInvoiceHandler() {}

    public CreateInvoiceHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected String primingBody() {
        return "{\"period\": \"2026-01\"}";
    }

    @Override
    protected ApiResponse handle(ApiRequest request) {
        var access = request.tenant();
        CreateInvoiceRequest body = CreateInvoiceRequest.parse(request.body(), invoices.currentMonth());
        var invoice = invoices.request(access, body.period());
        return ApiResponse.accepted(invoice).header("Location", "/v1/invoices/" + invoice.id());
    }
}
