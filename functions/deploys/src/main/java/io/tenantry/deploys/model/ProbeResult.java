package io.tenantry.deploys.model;

/** How one route's new version answered the synthetic tenant: passed, or why not. */
public record ProbeResult(String route, String target, boolean passed, String detail) {

    public static ProbeResult passed(Probe probe, String detail) {
        return new ProbeResult(probe.route(), probe.target(), true, detail);
    }

    public static ProbeResult failed(Probe probe, String detail) {
        return new ProbeResult(probe.route(), probe.target(), false, detail);
    }
}
