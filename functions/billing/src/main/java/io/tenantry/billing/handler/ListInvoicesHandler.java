package io.tenantry.billing.handler;

import io.micronaut.context.ApplicationContext;
import io.tenantry.billing.service.InvoiceService;
import io.tenantry.shared.auth.Role;
import io.tenantry.shared.http.ApiHandler;
import io.tenantry.shared.http.ApiRequest;
import io.tenantry.shared.http.ApiResponse;
import io.tenantry.shared.http.Route;
import io.tenantry.shared.page.PageRequest;
import jakarta.inject.Inject;

/** {@code GET /v1/invoices}: the tenant's invoices, newest first, a page at a time (admins). */
@Route(value = "GET /v1/invoices", role = Role.ADMIN)
public class ListInvoicesHandler extends ApiHandler {
    @Inject
    InvoiceService invoices;

    public ListInvoicesHandler() {}

    public ListInvoicesHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApiResponse handle(ApiRequest request) {
        var access = request.tenant();
        return ApiResponse.ok(invoices.list(access, PageRequest.from(request)));
    }
}
