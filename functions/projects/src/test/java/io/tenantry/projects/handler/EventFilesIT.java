package io.tenantry.projects.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.local.testkit.Events;
import io.tenantry.projects.model.Project;
import io.tenantry.projects.repository.ProjectRepository;
import io.tenantry.shared.testing.EventFilesSuite;

/** Every projects function answers its sample event as it implies; the project the events name is seeded first. */
@EmulatedAws
class EventFilesIT extends EventFilesSuite {
    EventFilesIT() {
        super("io.tenantry.projects");
    }

    @Override
    protected void seed() {
        APIGatewayV2HTTPEvent event =
                Events.load("events/projects/GetProjectFunction.json", APIGatewayV2HTTPEvent.class);
        var access = tenants().admit(event);
        String id = event.getPathParameters().get("projectId");
        ProjectRepository projects = context().getBean(ProjectRepository.class);
        if (projects.find(access, id).isEmpty()) {
            String now = "2026-11-01T09:00:00Z";
            projects.create(access, new Project(id, "Website relaunch", null, now, now, 1), Long.MAX_VALUE);
        }
    }
}
