package io.tenantry.local.backend.lambda;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantry.local.function.FunctionConfig;
import io.tenantry.local.template.SamTemplate;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** What the local backend tells of a handler before running it, from its class alone. */
class LocalFunctionTest {
    private static final SamTemplate TEMPLATE = SamTemplate.parse("""
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Plain:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: io.tenantry.local.backend.testfunctions.ScheduledTask::handleRequest
              Trigger:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: io.tenantry.identity.handler.PreTokenGenerationHandler::handleRequest
              Missing:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: io.tenantry.nowhere.NoHandler
            """, "functions.yaml");

    @Test
    void aTenantryHandler_readsItsOwnJson_andAPlainRequestHandlerDoesNot() {
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            assertTrue(function("Trigger", executor).readsItsOwnJson());
            assertFalse(function("Plain", executor).readsItsOwnJson());
            assertFalse(function("Missing", executor).readsItsOwnJson());
        }
    }

    private static LocalFunction function(String id, ExecutorService executor) {
        return new LocalFunction(FunctionConfig.of(TEMPLATE.function(id), Map.of()), () -> null, executor);
    }
}
