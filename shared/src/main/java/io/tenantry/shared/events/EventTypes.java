package io.tenantry.shared.events;

import java.util.List;

/** The event types a webhook may subscribe to (API.md, "Webhooks"). */
public final class EventTypes {
    public static final String PROJECT_CREATED = "project.created";
    public static final String PROJECT_UPDATED = "project.updated";
    public static final String PROJECT_DELETED = "project.deleted";
    public static final String MEMBER_ADDED = "member.added";
    public static final String MEMBER_REMOVED = "member.removed";
    public static final String MEDIA_READY = "media.ready";
    public static final String MEDIA_REJECTED = "media.rejected";
    public static final String INVOICE_READY = "invoice.ready";

    public static final List<String> ALL = List.of(
            PROJECT_CREATED,
            PROJECT_UPDATED,
            PROJECT_DELETED,
            MEMBER_ADDED,
            MEMBER_REMOVED,
            MEDIA_READY,
            MEDIA_REJECTED,
            INVOICE_READY);

    private EventTypes() {}
}
