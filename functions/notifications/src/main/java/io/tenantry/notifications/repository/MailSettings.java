package io.tenantry.notifications.repository;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

/**
 * The email worker's configuration, from the environment the template sets: {@code TENANTRY_EMAIL_FROM} (the sender,
 * an address of the SES identity the template names), {@code TENANTRY_EMAIL_DAILY_CAP} (emails a tenant may cause a
 * day, to protect the sender's reputation from one tenant inviting thousands), {@code TENANTRY_EMAIL_SIGN_IN_URL}
 * (where an invitation sends its reader; empty for none), {@code TENANTRY_EMAIL_PRODUCT_NAME} (how emails name the
 * product) and {@code TENANTRY_EMAIL_DEAD_LETTERS} (where a message that can never be sent goes at once).
 */
@Singleton
public final class MailSettings {
    private final String from;
    private final int dailyCap;
    private final String signInUrl;
    private final String productName;
    private final String deadLetterQueueUrl;

    public MailSettings(
            @Value("${tenantry.email.from:no-reply@example.com}") String from,
            @Value("${tenantry.email.daily.cap:200}") int dailyCap,
            @Value("${tenantry.email.sign.in.url:}") String signInUrl,
            @Value("${tenantry.email.product.name:Tenantry}") String productName,
            @Value("${tenantry.email.dead.letters:}") String deadLetterQueueUrl) {
        this.from = from;
        this.dailyCap = Math.max(0, dailyCap);
        this.signInUrl = signInUrl.strip();
        this.productName = productName.isBlank() ? "Tenantry" : productName.strip();
        this.deadLetterQueueUrl = deadLetterQueueUrl;
    }

    public String from() {
        return from;
    }

    public int dailyCap() {
        return dailyCap;
    }

    public String signInUrl() {
        return signInUrl;
    }

    public String productName() {
        return productName;
    }

    public String deadLetterQueueUrl() {
        return deadLetterQueueUrl;
    }
}
