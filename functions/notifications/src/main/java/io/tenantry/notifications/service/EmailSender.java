package io.tenantry.notifications.service;

import io.tenantry.notifications.model.Email;
import io.tenantry.notifications.repository.EmailLog;
import io.tenantry.notifications.repository.MailSettings;
import io.tenantry.notifications.repository.Mailer;
import io.tenantry.notifications.repository.Recipients;
import io.tenantry.notifications.repository.Recipients.Invitee;
import io.tenantry.notifications.repository.Recipients.Tenant;
import io.tenantry.shared.auth.SystemAccess;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.email.EmailRequest;
import io.tenantry.shared.metrics.BusinessMetrics;
import io.tenantry.shared.metrics.MetricNames;
import io.tenantry.shared.queue.Delivery;
import io.tenantry.shared.queue.UnusableMessageException;
import io.tenantry.shared.snapstart.Priming;
import io.tenantry.shared.snapstart.PrimingGuard;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the email one message asks for, once: renders it from the tenant's current data, claims it in the
 * {@link EmailLog} (which also keeps the tenant under its daily cap), sends it through SES, and marks it sent.
 *
 * <ul>
 *   <li>An invitation goes only while it is the member's current, open invitation. The request is queued before the
 *       member is written, so a missing member (or an older invitation) within {@link #WRITE_GRACE} of the
 *       message's sending is a write not yet seen (the message comes back); after that, a write that never
 *       happened (nothing is sent). A newer invitation, an accepted or expired one: nothing is sent.
 *   <li>An invoice-ready notice goes to the tenant's active owners and admins.
 *   <li>A tenant that no longer exists or is being offboarded gets nothing.
 * </ul>
 *
 * A message naming no tenant or an unknown kind, and an email SES refuses for good, go to the dead-letter queue at
 * once ({@link UnusableMessageException}); anything else comes back.
 */
@Singleton
public class EmailSender {
    static final Duration WRITE_GRACE = Duration.ofMinutes(2);
    private static final Logger LOG = LoggerFactory.getLogger(EmailSender.class);

    private final Recipients recipients;
    private final EmailTemplates templates;
    private final EmailLog log;
    private final Mailer mailer;
    private final MailSettings settings;
    private final BusinessMetrics business;
    private final Clock clock;

    public EmailSender(
            Recipients recipients,
            EmailTemplates templates,
            EmailLog log,
            Mailer mailer,
            MailSettings settings,
            BusinessMetrics business,
            Clock clock) {
        this.recipients = recipients;
        this.templates = templates;
        this.log = log;
        this.mailer = mailer;
        this.settings = settings;
        this.business = business;
        this.clock = clock;
    }

    /** A message is back later: what it needs to be sent may not be written yet, or another delivery is on it. */
    public static final class NotYetException extends RuntimeException {
        NotYetException(String reason) {
            super(reason, null, false, false);
        }
    }

    public String deadLetterQueueUrl() {
        return settings.deadLetterQueueUrl();
    }

    public void send(EmailRequest request, Delivery delivery) {
        TenantAccess access = accessOf(request);
        Optional<Tenant> tenant = recipients.tenant(access).filter(t -> "active".equals(t.status()));
        if (tenant.isEmpty()) {
            skip(request, "the tenant does not exist or is being offboarded");
            return;
        }
        Optional<Email> email = switch (request.kind()) {
            case EmailRequest.INVITATION -> invitation(access, request, tenant.get(), delivery);
            case EmailRequest.INVOICE_READY -> invoiceReady(access, request, tenant.get());
            default -> throw new UnusableMessageException("Unknown email kind: " + request.kind());
        };
        if (email.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        switch (log.claim(access, request.id(), settings.dailyCap(), now)) {
            case SENT -> skip(request, "sent already");
            case BUSY -> throw new NotYetException("Another delivery is sending " + request.id());
            case CAPPED -> {
                business.record(MetricNames.EMAILS_CAPPED, access);
                LOG.atWarn()
                        .addKeyValue("tenantId", access.tenantId())
                        .addKeyValue("emailId", request.id())
                        .addKeyValue("dailyCap", settings.dailyCap())
                        .log("The tenant reached its daily email cap; email not sent");
            }
            case SEND -> {
                String messageId;
                try {
                    messageId = mailer.send(access.tenantId(), email.get());
                } catch (Mailer.RefusedException e) {
                    throw new UnusableMessageException(e.getMessage());
                }
                log.markSent(access, request.id(), messageId, clock.instant());
                business.record(MetricNames.EMAILS_SENT, access);
                LOG.atInfo()
                        .addKeyValue("tenantId", access.tenantId())
                        .addKeyValue("emailId", request.id())
                        .addKeyValue("sesMessageId", messageId)
                        .addKeyValue("recipients", email.get().to().size())
                        .log("Email sent");
            }
        }
    }

    /**
     * Before a SnapStart snapshot, inside a priming run ({@link PrimingGuard}): the steps of a send, which the
     * priming message does not reach (its tenant does not exist), for the priming tenant: the member's and the owners'
     * reads (they find nothing), both emails' words, the claim in the log, SES's send and the mark. Each write stops
     * before it is sent: nothing is claimed, sent or counted.
     */
    public void prime(PrimingGuard guard) {
        TenantAccess access = SystemAccess.forWorker(Priming.TENANT_ID);
        recipients.member(access, Priming.USER_ID);
        recipients.ownersAndAdmins(access);
        Instant now = clock.instant();
        String address = "priming@tenantry.invalid";
        Email invitation = templates.invitation(address, "Priming", "member", now);
        templates.invoiceReady(List.of(address), "Priming", "1", "2026-01", 0, "USD");
        String emailId = EmailRequest.INVITATION + ":" + Priming.USER_ID;
        guard.stopsAt("the claim", () -> log.claim(access, emailId, settings.dailyCap(), now));
        guard.stopsAt("SES's send", () -> mailer.send(access.tenantId(), invitation));
        guard.stopsAt("the mark", () -> log.markSent(access, emailId, "priming", now));
    }

    private Optional<Email> invitation(TenantAccess access, EmailRequest request, Tenant tenant, Delivery delivery) {
        if (request.userId() == null || request.expiresAt() == null) {
            throw new UnusableMessageException("An invitation names no member or no expiry.");
        }
        Instant asked;
        try {
            asked = Instant.parse(request.expiresAt());
        } catch (DateTimeParseException e) {
            throw new UnusableMessageException("The invitation's expiry is not an instant.");
        }
        if (!asked.isAfter(clock.instant())) {
            skip(request, "the invitation has expired");
            return Optional.empty();
        }
        Optional<Invitee> member = recipients.member(access, request.userId());
        Optional<Instant> current = member.flatMap(Invitee::expiresAt);
        if (member.isPresent() && !"invited".equals(member.get().status())) {
            skip(request, "the member is no longer invited");
            return Optional.empty();
        }
        if (current.isPresent() && current.get().isAfter(asked)) {
            skip(request, "a newer invitation replaced it");
            return Optional.empty();
        }
        if (member.isEmpty() || !current.equals(Optional.of(asked))) {
            if (youngerThan(delivery, WRITE_GRACE)) {
                throw new NotYetException("The invitation " + request.id() + " is not written yet");
            }
            skip(request, "the invitation was never written");
            return Optional.empty();
        }
        return Optional.of(templates.invitation(
                member.get().email(), tenant.name(), member.get().role(), asked));
    }

    private Optional<Email> invoiceReady(TenantAccess access, EmailRequest request, Tenant tenant) {
        if (request.invoiceId() == null || request.invoiceNumber() == null || request.period() == null) {
            throw new UnusableMessageException("An invoice-ready notice names no invoice.");
        }
        List<String> to = recipients.ownersAndAdmins(access);
        if (to.isEmpty()) {
            skip(request, "the tenant has no active owner or admin");
            return Optional.empty();
        }
        return Optional.of(templates.invoiceReady(
                to,
                tenant.name(),
                request.invoiceNumber(),
                request.period(),
                request.totalCents() == null ? 0 : request.totalCents(),
                request.currency() == null ? "USD" : request.currency()));
    }

    private boolean youngerThan(Delivery delivery, Duration age) {
        return delivery.sentTimestamp() < 0 || clock.millis() - delivery.sentTimestamp() < age.toMillis();
    }

    private static TenantAccess accessOf(EmailRequest request) {
        if (request == null || request.id() == null || request.kind() == null || request.tenantId() == null) {
            throw new UnusableMessageException("The message names no email, kind or tenant.");
        }
        try {
            return SystemAccess.forWorker(request.tenantId());
        } catch (IllegalArgumentException e) {
            throw new UnusableMessageException("The message's tenant id is not a tenant id.");
        }
    }

    private static void skip(EmailRequest request, String why) {
        LOG.atInfo()
                .addKeyValue("emailId", request.id())
                .addKeyValue("reason", why)
                .log("Email not sent");
    }
}
