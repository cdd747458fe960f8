package io.tenantry.notifications.service;

import io.tenantry.notifications.model.Email;
import io.tenantry.notifications.repository.MailSettings;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.unbescape.html.HtmlEscape;

/**
 * The emails' words, each as plain text and as HTML. Whatever a tenant chose (its name) or a caller typed (an
 * address) is escaped in the HTML part (unbescape's HTML5 escaping), so a tenant named {@code <script>} shows its
 * name and runs nothing; the subject and text part are plain text, with line breaks in a tenant's name flattened so
 * that it cannot forge lines of the message.
 */
@Singleton
public class EmailTemplates {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private final MailSettings settings;

    public EmailTemplates(MailSettings settings) {
        this.settings = settings;
    }

    /** The invitation of {@code to} to join {@code tenantName} as {@code role}, open until {@code expiresAt}. */
    public Email invitation(String to, String tenantName, String role, Instant expiresAt) {
        String tenant = plain(tenantName);
        String product = settings.productName();
        String until = DAY.format(expiresAt);
        String subject = "You are invited to join " + tenant + " on " + product;
        StringBuilder text = new StringBuilder()
                .append("You have been invited to join ")
                .append(tenant)
                .append(" on ")
                .append(product)
                .append(" as ")
                .append(article(role))
                .append(' ')
                .append(role)
                .append(".\n\nTo accept, sign in with this address (")
                .append(to)
                .append(") before ")
                .append(until)
                .append('.');
        StringBuilder html = new StringBuilder()
                .append("<p>You have been invited to join <strong>")
                .append(html(tenant))
                .append("</strong> on ")
                .append(html(product))
                .append(" as ")
                .append(article(role))
                .append(' ')
                .append(html(role))
                .append(".</p><p>To accept, sign in with this address (")
                .append(html(to))
                .append(") before ")
                .append(html(until))
                .append(".</p>");
        if (!settings.signInUrl().isEmpty()) {
            text.append("\n\nSign in: ").append(settings.signInUrl());
            html.append("<p><a href=\"").append(html(settings.signInUrl())).append("\">Sign in</a></p>");
        }
        text.append("\n\nIf you did not expect this invitation, ignore this email.\n");
        html.append("<p>If you did not expect this invitation, ignore this email.</p>");
        return new Email(List.of(to), subject, text.toString(), page(subject, html.toString()));
    }

    /** The notice to {@code to} that invoice {@code number} for {@code period} is ready. */
    public Email invoiceReady(
            List<String> to, String tenantName, String number, String period, long totalCents, String currency) {
        String tenant = plain(tenantName);
        String total = BigDecimal.valueOf(totalCents, 2).toPlainString() + " " + plain(currency);
        String subject = "Invoice " + plain(number) + " for " + tenant + " is ready";
        String text = "The invoice " + plain(number) + " of " + tenant + " for " + plain(period) + " is ready: " + total
                + ".\n\nAdmins and owners can download it from the invoices of the account.\n";
        String html = "<p>The invoice <strong>" + html(plain(number)) + "</strong> of " + html(tenant) + " for "
                + html(plain(period)) + " is ready: <strong>" + html(total) + "</strong>.</p>"
                + "<p>Admins and owners can download it from the invoices of the account.</p>";
        return new Email(to, subject, text, page(subject, html));
    }

    private static String page(String title, String body) {
        return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + html(title) + "</title></head><body>"
                + body + "</body></html>";
    }

    private static String article(String role) {
        return role != null && !role.isEmpty() && "aeiou".indexOf(role.charAt(0)) >= 0 ? "an" : "a";
    }

    /** One line of plain text: control characters (line breaks included) become spaces. */
    static String plain(String value) {
        return value == null ? "" : value.replaceAll("\\p{Cntrl}", " ").strip();
    }

    static String html(String value) {
        return HtmlEscape.escapeHtml5(value == null ? "" : value);
    }
}
