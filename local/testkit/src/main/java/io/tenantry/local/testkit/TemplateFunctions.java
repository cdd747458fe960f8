package io.tenantry.local.testkit;

import io.tenantry.local.template.FunctionDefinition;
import io.tenantry.local.template.SamTemplate;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The template's functions whose handlers live in one package, each with its sample event file. */
public final class TemplateFunctions {
    private TemplateFunctions() {}

    /** A function, its handler class name (without any {@code ::method}), and its file in {@code events/}. */
    public record FunctionUnderTest(String logicalId, String handlerClass, Path eventFile) {
        @Override
        public String toString() {
            return logicalId;
        }
    }

    /**
     * Every function whose handler class is in {@code handlerPackage} (or below). Fails when one has
     * no {@code events/**}{@code /<LogicalId>.json}, since every function must have a sample event.
     */
    public static List<FunctionUnderTest> inPackage(SamTemplate template, String handlerPackage) {
        List<Path> files = Events.allEventFiles();
        List<FunctionUnderTest> result = new ArrayList<>();
        for (FunctionDefinition function : template.functions().values()) {
            String handler = function.handler().split("::", 2)[0];
            if (!handler.startsWith(handlerPackage + ".")) {
                continue;
            }
            Path event = files.stream()
                    .filter(p -> p.getFileName().toString().equals(function.logicalId() + ".json"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(
                            "No events/**/" + function.logicalId() + ".json for " + function.logicalId()));
            result.add(new FunctionUnderTest(function.logicalId(), handler, event));
        }
        if (result.isEmpty()) {
            throw new AssertionError("No function in the template has a handler in " + handlerPackage);
        }
        return result;
    }
}
