package io.tenantry.projects.handler;

import static io.tenantry.shared.testing.ScopedCalls.assertAccessDenied;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.projects.model.Project;
import io.tenantry.projects.model.UpdateProjectRequest;
import io.tenantry.projects.repository.ProjectRepository;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.testing.ScopedCalls;
import io.tenantry.shared.testing.TestTenants.SeededTenant;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The projects repository under tenant-scoped credentials: inside one tenant's scope, every call that
 * forms another tenant's key is refused by the enforced tenant role (AccessDenied, nothing written),
 * and the same call on the scope's own tenant succeeds.
 */
@EmulatedAws
class RepositoryIsolationIT {
    static ProjectsFixture fixture;
    static ProjectRepository projects;
    static ScopedCalls calls;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        ScopedCalls.assumeEnforced(aws);
        fixture = new ProjectsFixture(aws);
        projects = fixture.context.getBean(ProjectRepository.class);
        calls = new ScopedCalls(fixture.context);
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    static Project project(String id) {
        String now = "2026-12-05T10:00:00Z";
        return new Project(id, "Probe", null, now, now, 1);
    }

    @Test
    void everyCall_withAnotherTenantsAccess_isRefused_theScopesOwnSucceeds() {
        SeededTenant mine = fixture.newTenant();
        SeededTenant theirs = fixture.newTenant();
        TenantAccess own = fixture.tenants.ownerAccess(mine);
        TenantAccess other = fixture.tenants.ownerAccess(theirs);
        String id = fixture.createProject(theirs, "Theirs");
        String t = mine.tenantId();

        assertTrue(calls.writing(t, () -> projects.create(own, project("prj_01JD3Q5R7C0000000000000001"), 100)));
        assertAccessDenied(
                () -> calls.writing(t, () -> projects.create(other, project("prj_01JD3Q5R7C0000000000000002"), 100)));
        assertEquals(Optional.empty(), projects.find(other, "prj_01JD3Q5R7C0000000000000002"), "nothing written");

        assertTrue(calls.reading(t, () -> projects.find(own, "prj_01JD3Q5R7C0000000000000001"))
                .isPresent());
        assertAccessDenied(() -> calls.reading(t, () -> projects.find(other, id)));
        assertEquals(
                1,
                calls.reading(t, () -> projects.listNewestFirst(own, Optional.empty(), 10))
                        .size());
        assertAccessDenied(() -> calls.reading(t, () -> projects.listNewestFirst(other, Optional.empty(), 10)));
        assertAccessDenied(() -> calls.writing(
                t,
                () -> projects.update(
                        other,
                        id,
                        1,
                        new UpdateProjectRequest(Optional.of("Mine now"), Optional.empty(), false),
                        "2026-12-05T10:00:00Z")));
        assertAccessDenied(() -> calls.writing(t, () -> {
            projects.delete(other, id, 1);
            return null;
        }));
        assertEquals("Theirs", projects.find(other, id).orElseThrow().name(), "their project is untouched");
    }
}
