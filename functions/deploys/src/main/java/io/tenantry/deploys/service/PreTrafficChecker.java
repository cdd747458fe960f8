package io.tenantry.deploys.service;

import io.micronaut.context.annotation.Value;
import io.tenantry.deploys.model.HookEvent;
import io.tenantry.deploys.model.HookOutcome;
import io.tenantry.deploys.model.Probe;
import io.tenantry.deploys.model.ProbeResult;
import io.tenantry.deploys.repository.CodeDeployHooks;
import io.tenantry.deploys.repository.Invocation;
import io.tenantry.deploys.repository.LambdaVersions;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PreTraffic check: every probe's new version answers the synthetic tenant, each answer is judged by {@link
 * ResponseCheck}, and CodeDeploy is told {@code Succeeded} only when all of them passed. Any failure to probe (a
 * refused invocation, a network error) fails its probe; a deployment nobody could check does not go ahead.
 */
@Singleton
public final class PreTrafficChecker {
    private static final Logger LOG = LoggerFactory.getLogger(PreTrafficChecker.class);
    private static final int REPORT_ATTEMPTS = 3;

    private final List<Probe> probes;
    private final LambdaVersions versions;
    private final CodeDeployHooks hooks;
    private final SyntheticRequests requests;
    private final ResponseCheck check;

    public PreTrafficChecker(
            @Value("${tenantry.pretraffic.probes:}") String probes,
            LambdaVersions versions,
            CodeDeployHooks hooks,
            SyntheticRequests requests,
            ResponseCheck check) {
        this.probes = Probe.parseAll(probes);
        this.versions = versions;
        this.hooks = hooks;
        this.requests = requests;
        this.check = check;
    }

    public HookOutcome check(HookEvent event) {
        List<ProbeResult> results = new ArrayList<>();
        for (Probe probe : probes) {
            results.add(probe(probe, event.deploymentId()));
        }
        boolean passed = !probes.isEmpty() && results.stream().allMatch(ProbeResult::passed);
        if (probes.isEmpty()) {
            results.add(new ProbeResult("-", "-", false, "no probes configured (TENANTRY_PRETRAFFIC_PROBES)"));
        }
        HookOutcome outcome = new HookOutcome(
                event.deploymentId(), passed ? HookOutcome.SUCCEEDED : HookOutcome.FAILED, results, false);
        for (ProbeResult result : results) {
            LOG.atLevel(result.passed() ? org.slf4j.event.Level.INFO : org.slf4j.event.Level.ERROR)
                    .addKeyValue("deploymentId", event.deploymentId())
                    .addKeyValue("route", result.route())
                    .addKeyValue("target", result.target())
                    .addKeyValue("passed", result.passed())
                    .addKeyValue("detail", result.detail())
                    .log("pretraffic probe");
        }
        return outcome.reported(report(event, outcome.status()));
    }

    /**
     * Reports the status, trying three times. A hook that still cannot reach CodeDeploy logs it and returns: CodeDeploy
     * fails a lifecycle event whose hook never reports when the event times out (after an hour), so the new version
     * still gets no traffic; it only takes longer.
     */
    private boolean report(HookEvent event, String status) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= REPORT_ATTEMPTS; attempt++) {
            try {
                hooks.report(event.deploymentId(), event.executionId(), status);
                return true;
            } catch (RuntimeException e) {
                last = e;
                pause(attempt);
            }
        }
        LOG.atError()
                .addKeyValue("deploymentId", event.deploymentId())
                .addKeyValue("status", status)
                .setCause(last)
                .log("pretraffic status not reported: CodeDeploy fails the deployment when the hook times out");
        return false;
    }

    private static void pause(int attempt) {
        if (attempt < REPORT_ATTEMPTS) {
            try {
                Thread.sleep(200L << attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private ProbeResult probe(Probe probe, String deploymentId) {
        try {
            Invocation invocation = versions.invoke(probe.target(), requests.eventFor(probe, deploymentId));
            Optional<String> problem = check.problemWith(invocation);
            return problem.map(p -> ProbeResult.failed(probe, p)).orElseGet(() -> ProbeResult.passed(probe, "ok"));
        } catch (RuntimeException e) {
            return ProbeResult.failed(probe, "could not probe: " + e);
        }
    }
}
