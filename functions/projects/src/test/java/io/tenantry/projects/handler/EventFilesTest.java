package io.tenantry.projects.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.micronaut.context.ApplicationContext;
import io.tenantry.local.testkit.ApiResult;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.local.testkit.Events;
import io.tenantry.local.testkit.TemplateFunctions;
import io.tenantry.local.testkit.TemplateFunctions.FunctionUnderTest;
import io.tenantry.projects.model.Project;
import io.tenantry.projects.repository.ProjectRepository;
import io.tenantry.shared.http.ApiHandler;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every projects function in template.yaml has a sample event that its handler answers as the event
 * implies. The project the events name is seeded first; delete runs last.
 */
@EmulatedAws
class EventFilesTest {
    static final Map<String, Integer> EXPECTED = Map.of(
            "ListProjectsFunction", 200,
            "CreateProjectFunction", 201,
            "GetProjectFunction", 200,
            "UpdateProjectFunction", 200,
            "DeleteProjectFunction", 204);

    static ProjectsFixture fixture;
    static List<FunctionUnderTest> functions;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        fixture = new ProjectsFixture(aws);
        functions = TemplateFunctions.inPackage(aws.template(), "io.tenantry.projects");
        seedTheEventsProject();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    static void seedTheEventsProject() {
        APIGatewayV2HTTPEvent event =
                Events.load("events/projects/GetProjectFunction.json", APIGatewayV2HTTPEvent.class);
        var access = fixture.tenants.admit(event);
        String id = event.getPathParameters().get("projectId");
        ProjectRepository projects = fixture.context.getBean(ProjectRepository.class);
        if (projects.find(access, id).isEmpty()) {
            String now = "2026-11-01T09:00:00Z";
            projects.create(access, new Project(id, "Website relaunch", null, now, now, 1), Long.MAX_VALUE);
        }
    }

    @Test
    void everyFunction_answersItsSampleEvent_withTheStatusItImplies() throws Exception {
        assertEquals(
                EXPECTED.keySet(),
                functions.stream().map(FunctionUnderTest::logicalId).collect(Collectors.toSet()));
        List<FunctionUnderTest> deleteLast = functions.stream()
                .sorted(Comparator.comparing(f -> f.logicalId().startsWith("Delete")))
                .toList();
        for (FunctionUnderTest function : deleteLast) {
            ApiHandler handler = (ApiHandler) Class.forName(function.handlerClass())
                    .getConstructor(ApplicationContext.class)
                    .newInstance(fixture.context);
            ApiResult result = ApiResult.call(handler, Events.load(function.eventFile(), APIGatewayV2HTTPEvent.class));
            assertEquals(EXPECTED.get(function.logicalId()), result.status(), function + ": " + result);
        }
    }
}
