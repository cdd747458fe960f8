package io.tenantry.local.emulators;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code SendEmail} request body of SES v2, read and checked as SES checks it before sending, so that a message the
 * service would refuse is refused locally too ({@code BadRequestException}), not kept as if it had gone out: a sender,
 * at least one recipient and at most 50, addresses of the shape {@code local@domain} (with or without a display name,
 * {@code "Name <local@domain>"}), simple content with a subject and a text or HTML body, tags of the characters SES
 * allows. Raw and templated content are refused: the local SES keeps what a person can read back, and the functions
 * send simple messages. Stricter than SES on one point: a blank subject or a body with neither part is refused, as
 * they are a sender's bugs.
 *
 * @param from {@code FromEmailAddress} as given (a display name included)
 * @param recipients each recipient's bare address and how it was addressed ({@code To}, {@code Cc}, {@code Bcc}), an
 *     address named twice kept once
 * @param text the text body, or null
 * @param html the HTML body, or null
 * @param configurationSetName {@code ConfigurationSetName}, or null
 */
record SesSendEmail(
        String from,
        List<Recipient> recipients,
        String subject,
        String text,
        String html,
        Map<String, String> tags,
        String configurationSetName) {
    /** SES's limit of recipients per message, To, Cc and Bcc together. */
    static final int MAX_RECIPIENTS = 50;

    private static final Pattern NAMED = Pattern.compile("^[^<>]*<([^<>]*)>\\s*$");
    private static final Pattern ADDRESS = Pattern.compile("^[^@\\s<>,;]{1,64}@[^@\\s<>,;]+\\.[^@\\s<>,;]+$");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_-]{1,256}");
    private static final String BAD_REQUEST = "BadRequestException";

    /** A recipient: its bare address and the destination field that named it. */
    record Recipient(String address, String addressedAs) {}

    SesSendEmail {
        recipients = List.copyOf(recipients);
        tags = Map.copyOf(tags);
    }

    /** The sender's bare address: {@code a@example.com} of {@code "Ada <a@example.com>"}. */
    String fromAddress() {
        return bare(from);
    }

    /** Reads {@code request}; throws {@link LocalSes.ServiceError} (400) where SES would refuse it. */
    static SesSendEmail parse(JsonNode request) {
        if (request == null || !request.isObject()) {
            throw refused("The request body must be a JSON object.");
        }
        JsonNode content = request.path("Content");
        if (content.has("Raw") || content.has("Template")) {
            throw refused("The local SES keeps Content.Simple messages only; Content.Raw and Content.Template are"
                    + " not supported.");
        }
        JsonNode simple = content.path("Simple");
        if (!simple.isObject()) {
            throw refused("Content.Simple is required.");
        }
        String from = text(request, "FromEmailAddress");
        if (from == null || from.isBlank()) {
            throw refused("FromEmailAddress is required.");
        }
        checkAddress(from);
        List<Recipient> recipients = recipients(request.path("Destination"));
        String subject = text(simple.path("Subject"), "Data");
        if (subject == null || subject.isBlank()) {
            throw refused("Content.Simple.Subject.Data is required.");
        }
        JsonNode body = simple.path("Body");
        String textBody = text(body.path("Text"), "Data");
        String html = text(body.path("Html"), "Data");
        if (textBody == null && html == null) {
            throw refused("Content.Simple.Body needs Text or Html.");
        }
        return new SesSendEmail(
                from,
                recipients,
                subject,
                textBody,
                html,
                tags(request.path("EmailTags")),
                text(request, "ConfigurationSetName"));
    }

    private static List<Recipient> recipients(JsonNode destination) {
        Set<String> seen = new LinkedHashSet<>();
        List<Recipient> recipients = new ArrayList<>();
        for (String field : List.of("To", "Cc", "Bcc")) {
            for (JsonNode entry : destination.path(field + "Addresses")) {
                String given = entry.asText("");
                checkAddress(given);
                String address = bare(given);
                if (seen.add(address.toLowerCase(Locale.ROOT))) {
                    recipients.add(new Recipient(address, field));
                }
            }
        }
        if (recipients.isEmpty()) {
            throw refused(
                    "The message has no recipient: Destination needs ToAddresses, CcAddresses or" + " BccAddresses.");
        }
        if (recipients.size() > MAX_RECIPIENTS) {
            throw refused("Recipient count exceeds " + MAX_RECIPIENTS + ".");
        }
        return recipients;
    }

    private static Map<String, String> tags(JsonNode emailTags) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (JsonNode tag : emailTags) {
            String name = text(tag, "Name");
            String value = text(tag, "Value");
            for (String part : new String[] {name, value}) {
                if (part == null || !TAG.matcher(part).matches()) {
                    throw refused("Invalid tag " + name + "=" + value + ": a tag's name and value are 1 to 256 ASCII"
                            + " letters, digits, '_' or '-'.");
                }
            }
            tags.put(name, value);
        }
        return tags;
    }

    private static void checkAddress(String given) {
        if (!ADDRESS.matcher(bare(given)).matches()) {
            throw refused("Illegal address: " + given);
        }
    }

    private static String bare(String given) {
        Matcher named = NAMED.matcher(given);
        return (named.matches() ? named.group(1) : given).trim();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static LocalSes.ServiceError refused(String message) {
        return new LocalSes.ServiceError(400, BAD_REQUEST, message);
    }
}
