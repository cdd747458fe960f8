package io.tenantry.local.invoke;

import io.tenantry.local.function.EnvVarsFile;
import io.tenantry.local.function.FunctionConfig;
import io.tenantry.local.function.LocalAws;
import io.tenantry.local.template.FunctionDefinition;
import io.tenantry.local.template.SamTemplate;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * What one command works with: the project and its template, the JDK the functions run on, the {@code --env-vars}
 * overrides, and the AWS services (started on first use, stopped on close).
 */
final class Session implements AutoCloseable {
    private final Project project;
    private final SamTemplate template;
    private final Options options;
    private final JavaHome java;
    private final EnvVarsFile envVars;
    private final PrintStream err;
    private final ArtifactBuilder builder;
    private LocalAws aws;

    private Session(
            Project project,
            SamTemplate template,
            Options options,
            JavaHome java,
            EnvVarsFile envVars,
            PrintStream err) {
        this.project = project;
        this.template = template;
        this.options = options;
        this.java = java;
        this.envVars = envVars;
        this.err = err;
        Consumer<String> makeOutput = options.verbose() || !options.all() ? err::println : line -> {};
        this.builder = new ArtifactBuilder(project, makeOutput);
    }

    /** Reads the template and the {@code --env-vars} file; starts nothing yet. */
    static Session open(Options options, PrintStream err) {
        Project project = Project.locate(options.template());
        SamTemplate template = SamTemplate.load(project.template());
        JavaHome java = options.javaHome() == null ? JavaHome.current() : JavaHome.at(options.javaHome());
        EnvVarsFile envVars = options.envVars() == null ? EnvVarsFile.none() : EnvVarsFile.load(options.envVars());
        return new Session(project, template, options, java, envVars, err);
    }

    Project project() {
        return project;
    }

    SamTemplate template() {
        return template;
    }

    JavaHome java() {
        return java;
    }

    Options options() {
        return options;
    }

    /** The AWS services, with the template's resources; started on first call. */
    LocalAws aws() {
        if (aws == null) {
            aws = LocalAws.start(template, options.endpoint());
        }
        return aws;
    }

    /** Builds the function (unless {@code --no-build}) and works out its environment. */
    FunctionSpec prepare(String logicalId) {
        FunctionDefinition function = template.function(logicalId);
        if (function.handler() == null || function.handler().isBlank()) {
            throw new IllegalArgumentException(logicalId + " has no Handler: invoke runs zip-packaged Java functions");
        }
        if (function.runtime() != null && !function.runtime().startsWith("java")) {
            throw new IllegalArgumentException(logicalId + " has Runtime " + function.runtime()
                    + ": invoke runs Java functions, as Lambda's " + ManagedRuntime.RUNTIME + " runtime does");
        }
        if (function.runtime() != null && !function.runtime().equals(ManagedRuntime.RUNTIME)) {
            err.println("note: " + logicalId + " has Runtime " + function.runtime() + "; it is run as "
                    + ManagedRuntime.RUNTIME + " runs functions");
        }
        Path artifact;
        if (options.build()) {
            artifact = builder.build(logicalId);
        } else {
            artifact = project.artifact(logicalId);
            if (!Files.isDirectory(artifact)) {
                throw new ArtifactBuilder.BuildException(
                        project.relative(artifact) + " does not exist: run without --no-build (or sam build / make"
                                + " artifact-" + logicalId + ") first");
            }
        }
        FunctionConfig config = FunctionConfig.of(function, aws().environments(envVars));
        FunctionEnvironment.Result environment = FunctionEnvironment.build(
                config, artifact, envVars.overridesFor(logicalId), envVars.ownNames(logicalId), aws().backend());
        environment.notes().forEach(note -> err.println("note: " + note));
        return new FunctionSpec(config, artifact, java, environment.variables(), options.snapStart());
    }

    /**
     * The plain baseline, run as {@link Baseline#MEASURED} is: that function's memory and environment, the baseline's
     * handler and artifact.
     */
    FunctionSpec prepareBaseline() {
        FunctionDefinition function = template.function(Baseline.MEASURED);
        FunctionConfig measured = FunctionConfig.of(function, aws().environments(envVars));
        FunctionConfig config = new FunctionConfig(
                measured.logicalId(),
                Baseline.HANDLER,
                measured.memoryMb(),
                measured.timeoutSeconds(),
                measured.variables());
        Path artifact = Baseline.artifact(project);
        FunctionEnvironment.Result environment = FunctionEnvironment.build(
                config,
                artifact,
                envVars.overridesFor(Baseline.MEASURED),
                envVars.ownNames(Baseline.MEASURED),
                aws().backend());
        return new FunctionSpec(config, artifact, java, environment.variables(), options.snapStart());
    }

    @Override
    public void close() {
        if (aws != null) {
            aws.close();
        }
    }
}
