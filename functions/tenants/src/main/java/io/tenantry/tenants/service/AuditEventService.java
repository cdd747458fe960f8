package io.tenantry.tenants.service;

import io.tenantry.shared.audit.AuditEvent;
import io.tenantry.shared.audit.AuditLog;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.page.CursorCodec;
import io.tenantry.shared.page.Page;
import io.tenantry.shared.page.PageRequest;
import io.tenantry.shared.problem.FieldError;
import io.tenantry.shared.problem.ValidationException;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** The tenant's audit trail, newest first, filtered by action and by actor, a page at a time. */
@Singleton
public class AuditEventService {
    static final String COLLECTION = "audit-events";
    private static final Pattern ACTION = Pattern.compile("[a-z_]{1,40}\\.[a-z_]{1,40}");
    private static final Pattern USER_ID = Pattern.compile("usr_[0-9A-HJKMNP-TV-Z]{26}");

    private final AuditLog log;
    private final CursorCodec cursors;

    public AuditEventService(AuditLog log, CursorCodec cursors) {
        this.log = log;
        this.cursors = cursors;
    }

    /** 400 naming {@code action} or {@code actorUserId} when one is not of the right shape. */
    public Page<AuditEvent> list(
            TenantAccess access, Optional<String> action, Optional<String> actorUserId, PageRequest page) {
        List<FieldError> errors = new ArrayList<>();
        if (action.isPresent() && !ACTION.matcher(action.get()).matches()) {
            errors.add(new FieldError("action", "must be an action such as 'project.created'"));
        }
        if (actorUserId.isPresent() && !USER_ID.matcher(actorUserId.get()).matches()) {
            errors.add(new FieldError("actorUserId", "must be a user id (usr_...)"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        Optional<String> after =
                page.cursor().map(c -> cursors.decode(access, COLLECTION, c).get("id"));
        AuditLog.Page found = log.list(access, action, actorUserId, after, page.limit());
        String next = found.lastId() == null ? null : cursors.encode(access, COLLECTION, Map.of("id", found.lastId()));
        return new Page<>(found.events(), next);
    }
}
