package io.tenantry.projects.service;

import io.tenantry.projects.model.CreateProjectRequest;
import io.tenantry.projects.model.Project;
import io.tenantry.projects.model.UpdateProjectRequest;
import io.tenantry.projects.repository.ProjectRepository;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.data.StaleVersionException;
import io.tenantry.shared.data.TenantPlans;
import io.tenantry.shared.events.EventPublisher;
import io.tenantry.shared.events.EventTypes;
import io.tenantry.shared.id.Ids;
import io.tenantry.shared.page.CursorCodec;
import io.tenantry.shared.page.Page;
import io.tenantry.shared.page.PageRequest;
import io.tenantry.shared.plan.PlanLimits;
import io.tenantry.shared.plan.PlanLimits.Quota;
import io.tenantry.shared.problem.ConflictException;
import io.tenantry.shared.problem.NotFoundException;
import io.tenantry.shared.problem.PreconditionFailedException;
import io.tenantry.shared.problem.QuotaExceededException;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * A tenant's projects: create, list newest first, read, change and delete with version checks. Each successful
 * write publishes its event ({@code project.created}, {@code .updated}, {@code .deleted}, with the project as the API
 * shows it) for the tenant's webhooks, after the write; a failed publish never fails the write.
 */
@Singleton
public class ProjectService {
    static final String COLLECTION = "projects";
    static final int WRITE_ATTEMPTS = 3;
    private static final Pattern ID = Pattern.compile("prj_[0-9A-HJKMNP-TV-Z]{26}");

    private final ProjectRepository projects;
    private final TenantPlans plans;
    private final CursorCodec cursors;
    private final EventPublisher events;
    private final Clock clock;

    public ProjectService(
            ProjectRepository projects, TenantPlans plans, CursorCodec cursors, EventPublisher events, Clock clock) {
        this.projects = projects;
        this.plans = plans;
        this.cursors = cursors;
        this.events = events;
        this.clock = clock;
    }

    /** Creates a project; 409 {@code quota-exceeded} when the tenant has as many as its plan allows. */
    public Project create(TenantAccess access, CreateProjectRequest request) {
        String now = now();
        Project project = new Project(
                Ids.projectId(), request.name(), request.description().orElse(null), now, now, 1);
        long quota = PlanLimits.of(plans.planOf(access)).quota(Quota.PROJECTS);
        if (!events.withEvent(
                access, EventTypes.PROJECT_CREATED, project, () -> projects.create(access, project, quota))) {
            throw new QuotaExceededException(Quota.PROJECTS, quota);
        }
        return project;
    }

    public Page<Project> list(TenantAccess access, PageRequest page) {
        Optional<String> after =
                page.cursor().map(c -> cursors.decode(access, COLLECTION, c).get("id"));
        List<Project> found = projects.listNewestFirst(access, after, page.limit());
        if (found.size() <= page.limit()) {
            return new Page<>(found, null);
        }
        List<Project> items = found.subList(0, page.limit());
        String next =
                cursors.encode(access, COLLECTION, Map.of("id", items.getLast().id()));
        return new Page<>(items, next);
    }

    public Project get(TenantAccess access, String projectId) {
        if (!ID.matcher(projectId).matches()) {
            throw notFound();
        }
        return projects.find(access, projectId).orElseThrow(ProjectService::notFound);
    }

    /** Applies the changes; see {@link #checked} for how versions are honoured. */
    public Project update(TenantAccess access, String projectId, UpdateProjectRequest changes, OptionalLong ifMatch) {
        for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
            Project current = checked(access, projectId, ifMatch);
            try {
                String now = now();
                Project expected = current.updatedWith(changes, now);
                return events.withEvent(
                        access,
                        EventTypes.PROJECT_UPDATED,
                        expected,
                        () -> projects.update(access, projectId, current.version(), changes, now));
            } catch (StaleVersionException e) {
                staleUnlessRetrying(ifMatch);
            }
        }
        throw busy();
    }

    public void delete(TenantAccess access, String projectId, OptionalLong ifMatch) {
        for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
            Project current = checked(access, projectId, ifMatch);
            try {
                events.withEvent(access, EventTypes.PROJECT_DELETED, current, () -> {
                    projects.delete(access, projectId, current.version());
                    return current;
                });
                return;
            } catch (StaleVersionException e) {
                staleUnlessRetrying(ifMatch);
            }
        }
        throw busy();
    }

    /**
     * The current project, if {@code ifMatch} (when given) names its version: 404 when it does not
     * exist, 412 when it has moved on. Writes are then conditional on the version read, so a
     * concurrent change is never overwritten blindly; without If-Match, a lost race is retried.
     */
    private Project checked(TenantAccess access, String projectId, OptionalLong ifMatch) {
        Project current = get(access, projectId);
        if (ifMatch.isPresent() && ifMatch.getAsLong() != current.version()) {
            throw new PreconditionFailedException("The project has changed since version " + ifMatch.getAsLong() + ".");
        }
        return current;
    }

    private static void staleUnlessRetrying(OptionalLong ifMatch) {
        if (ifMatch.isPresent()) {
            throw new PreconditionFailedException("The project has changed since version " + ifMatch.getAsLong() + ".");
        }
    }

    private String now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private static ConflictException busy() {
        return new ConflictException("The project is being changed by other requests; try again.");
    }

    private static NotFoundException notFound() {
        return new NotFoundException("There is no such project.");
    }
}
