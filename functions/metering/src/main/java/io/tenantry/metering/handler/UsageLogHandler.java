package io.tenantry.metering.handler;

import com.amazonaws.services.lambda.runtime.events.CloudWatchLogsEvent;
import io.micronaut.context.ApplicationContext;
import io.tenantry.metering.service.UsageLogs;
import io.tenantry.shared.json.EventHandler;
import io.tenantry.shared.metering.UsageAggregator;
import io.tenantry.shared.metering.UsageDeliveryException;
import io.tenantry.shared.metrics.FunctionMetrics;
import io.tenantry.shared.metrics.InstanceStart;
import io.tenantry.shared.snapstart.Priming;
import io.tenantry.shared.snapstart.PrimingGuard;
import jakarta.inject.Inject;
import java.util.List;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The usage aggregator: each function's log group has a subscription filter that delivers its usage lines here
 * (template.yaml, {@code <Function>UsageSubscription}), and they are counted into DynamoDB ({@link UsageAggregator}).
 * A delivery that is not wholly written fails the invocation: Lambda invokes it again (twice, for an asynchronous
 * invocation), then sends it to {@code UsageLogDeadLetterQueue}, and the aggregator's markers keep what was already
 * written from counting twice. See docs/metering.md.
 */
public class UsageLogHandler extends EventHandler<CloudWatchLogsEvent, Void> implements Resource {
    private static final Logger LOG = LoggerFactory.getLogger(UsageLogHandler.class);

    @Inject
    UsageLogs logs;

    @Inject
    UsageAggregator aggregator;

    @Inject
    FunctionMetrics metrics;

    private final InstanceStart start = new InstanceStart();

    public UsageLogHandler() {
        super();
        Core.getGlobalContext().register(this);
    }

    public UsageLogHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    public Void execute(CloudWatchLogsEvent event) {
        return metrics.invocation(getClass(), start, () -> {
            count(event);
            return null;
        });
    }

    private void count(CloudWatchLogsEvent event) {
        if (event == null || event.getAwsLogs() == null) {
            throw new IllegalArgumentException("Not a CloudWatch Logs subscription event: no awslogs.");
        }
        UsageLogs.Read read = logs.read(event.getAwsLogs().getData());
        if (read.unreadable() > 0) {
            LOG.atError()
                    .addKeyValue("logGroup", read.logGroup())
                    .addKeyValue("unreadable", read.unreadable())
                    .log("Usage lines that could not be read were skipped");
        }
        UsageAggregator.Result result = read.lines().isEmpty()
                ? new UsageAggregator.Result(0, 0, 0, 0, 0, 0)
                : aggregator.deliver(read.lines());
        LOG.atInfo()
                .addKeyValue("logGroup", read.logGroup())
                .addKeyValue("events", read.events())
                .addKeyValue("lines", result.lines())
                .addKeyValue("tenants", result.tenants())
                .addKeyValue("written", result.written())
                .addKeyValue("alreadyApplied", result.alreadyApplied())
                .addKeyValue("dropped", result.dropped())
                .addKeyValue("writeUnits", result.writeUnits())
                .log("delivery");
    }

    /**
     * Before a SnapStart snapshot: a delivery of one usage line of the priming tenant (which no sign-up can mint)
     * through the whole path, {@code tenantry.priming.rounds} times inside a priming run: its JSON, base64, gzip, the
     * document, the line, and the tenant's transaction, marshalled and signed, then stopped before it is sent ({@code
     * PrimingGuard}), so the delivery fails as a write that did not land would. Then the metrics emitter. The random
     * source the delivery made is dropped, so each restored instance makes its own.
     */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        Priming priming = applicationContext.getBean(Priming.class);
        PrimingGuard guard = applicationContext.getBean(PrimingGuard.class);
        priming.primeMetrics();
        CloudWatchLogsEvent delivery = new CloudWatchLogsEvent();
        CloudWatchLogsEvent.AWSLogs awsLogs = new CloudWatchLogsEvent.AWSLogs();
        awsLogs.setData(logs.encode(
                "/aws/lambda/priming",
                "priming",
                List.of("{\"tenantryUsage\":1,\"id\":\"priming-1\",\"tenantId\":\"" + Priming.TENANT_ID
                        + "\",\"day\":\"2026-01-01\",\"requests\":1,\"computeMs\":1}")));
        delivery.setAwsLogs(awsLogs);
        priming.primeEvents("the usage aggregator", () -> {
            int stops = guard.stops();
            try {
                count(throughJson(delivery));
            } catch (UsageDeliveryException e) {
                if (guard.stops() == stops) {
                    throw e;
                }
            }
        });
        aggregator.forgetRandom();
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing held before the snapshot is unique to an instance: the aggregator's random starts after it.
    }
}
