package io.tenantry.notifications.repository;

import io.tenantry.notifications.model.Email;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.MessageRejectedException;
import software.amazon.awssdk.services.sesv2.model.SesV2Exception;

/** Sends one email through SES, tagged with its tenant (for SES's own per-tag metrics and event destinations). */
@Singleton
public class Mailer {
    private final SesV2Client ses;
    private final MailSettings settings;

    public Mailer(SesV2Client ses, MailSettings settings) {
        this.ses = ses;
        this.settings = settings;
    }

    /** A refusal no retry changes: SES rejected the message or its addresses (in the sandbox: an unverified one). */
    public static final class RefusedException extends RuntimeException {
        RefusedException(String reason, Throwable cause) {
            super(reason, cause);
        }
    }

    /** Sends {@code email}; the SES message id. {@link RefusedException} for a permanent refusal. */
    public String send(String tenantId, Email email) {
        try {
            return ses.sendEmail(b -> b.fromEmailAddress(settings.from())
                            .destination(d -> d.toAddresses(email.to()))
                            .content(c -> c.simple(m -> m.subject(
                                            s -> s.data(email.subject()).charset("UTF-8"))
                                    .body(body -> body.text(
                                                    t -> t.data(email.text()).charset("UTF-8"))
                                            .html(h -> h.data(email.html()).charset("UTF-8")))))
                            .emailTags(t -> t.name("TenantId").value(tenantId)))
                    .messageId();
        } catch (MessageRejectedException e) {
            throw new RefusedException(
                    "SES rejected the email: " + e.awsErrorDetails().errorMessage(), e);
        } catch (SesV2Exception e) {
            if (e.statusCode() == 400 && !e.isThrottlingException()) {
                throw new RefusedException(
                        "SES refused the email: " + e.awsErrorDetails().errorMessage(), e);
            }
            throw e;
        }
    }
}
