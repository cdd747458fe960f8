package io.tenantry.notifications.model;

import java.util.List;

/** An email ready to send: its recipients, subject, and the same message as plain text and as HTML. */
public record Email(List<String> to, String subject, String text, String html) {
    public Email {
        to = List.copyOf(to);
    }
}
