package io.tenantry.projects.repository;

import io.tenantry.projects.model.Project;
import io.tenantry.projects.model.UpdateProjectRequest;
import io.tenantry.shared.auth.TenantAccess;
import java.util.List;
import java.util.Optional;

/** Storage of a tenant's projects. */
public interface ProjectRepository {

    /** Stores a new project if the tenant has fewer than {@code quota} projects; false when it has not. */
    boolean create(TenantAccess access, Project project, long quota);

    Optional<Project> find(TenantAccess access, String projectId);

    /** Projects newest first, after the project {@code afterId} (exclusive), at most {@code limit + 1}. */
    List<Project> listNewestFirst(TenantAccess access, Optional<String> afterId, int limit);

    /** Applies the changes at {@code expectedVersion}; {@code StaleVersionException} otherwise. */
    Project update(
            TenantAccess access, String projectId, long expectedVersion, UpdateProjectRequest changes, String now);

    /** Deletes at {@code expectedVersion}; {@code StaleVersionException} otherwise. */
    void delete(TenantAccess access, String projectId, long expectedVersion);
}
