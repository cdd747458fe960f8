package io.tenantry.billing.handler;

import io.micronaut.context.ApplicationContext;
import io.tenantry.billing.service.InvoiceService;
import io.tenantry.shared.auth.Role;
import io.tenantry.shared.http.ApiHandler;
import io.tenantry.shared.http.ApiRequest;
import io.tenantry.shared.http.ApiResponse;
import jakarta.inject.Inject;

/** {@code GET /v1/invoices/{invoiceId}}: one invoice; when ready, with a presigned download URL (admins). */
public class GetInvoiceHandler extends ApiHandler {
    @Inject
    InvoiceService invoices;

    public GetInvoiceHandler() {}

    public GetInvoiceHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApiResponse handle(ApiRequest request) {
        var access = request.tenant(Role.ADMIN);
        return ApiResponse.ok(
                invoices.get(access, request.pathParameter("invoiceId").orElse("")));
    }
}
