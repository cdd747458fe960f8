package io.tenantry.billing.repository;

import io.tenantry.shared.auth.TenantAccess;
import jakarta.inject.Singleton;
import java.net.URL;
import java.time.Instant;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The invoices' PDFs in S3, each at a key fixed by its invoice, {@code
 * tenants/<tenantId>/invoices/<invoiceId>.pdf}, under the tenant's prefix (which offboarding
 * purges). Writing an invoice's PDF twice overwrites the one object.
 */
@Singleton
public class InvoiceDocuments {
    private final S3Client s3;
    private final S3Presigner presigner;
    private final BillingSettings settings;

    public InvoiceDocuments(S3Client s3, S3Presigner presigner, BillingSettings settings) {
        this.s3 = s3;
        this.presigner = presigner;
        this.settings = settings;
    }

    /** A download link and when it expires. */
    public record Download(URL url, Instant expiresAt) {}

    public static String keyOf(TenantAccess access, String invoiceId) {
        return "tenants/" + access.tenantId() + "/invoices/" + invoiceId + ".pdf";
    }

    public void store(String key, byte[] pdf) {
        s3.putObject(
                b -> b.bucket(settings.bucket()).key(key).contentType("application/pdf"), RequestBody.fromBytes(pdf));
    }

    public Download link(String key, Instant now) {
        var presigned = presigner.presignGetObject(b -> b.signatureDuration(settings.downloadValidity())
                .getObjectRequest(g -> g.bucket(settings.bucket()).key(key)));
        return new Download(presigned.url(), now.plus(settings.downloadValidity()));
    }
}
