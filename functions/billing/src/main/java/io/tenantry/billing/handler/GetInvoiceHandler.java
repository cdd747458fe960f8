package io.tenantry.billing.handler;

import io.micronaut.context.ApplicationContext;
import io.tenantry.billing.service.InvoiceService;
import io.tenantry.shared.auth.Role;
import io.tenantry.shared.http.ApiHandler;
import io.tenantry.shared.http.ApiRequest;
import io.tenantry.shared.http.ApiResponse;
import io.tenantry.shared.http.Route;
import jakarta.inject.Inject;

/** {@code GET /v1/invoices/{invoiceId}}: one invoice; when ready, with a presigned download URL (admins). */
@Route(value = "GET /v1/invoices/{invoiceId}", role = Role.ADMIN)
public class GetInvoiceHandler extends ApiHandler {
    @Inject
    InvoiceService invoices;

    public GetInvoiceHandler() {}

    public GetInvoiceHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApiResponse handle(ApiRequest request) {
        var access = request.tenant();
        return ApiResponse.ok(
                invoices.get(access, request.pathParameter("invoiceId").orElse("")));
    }
}
