package io.tenantry.outbox.handler;

import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import io.tenantry.outbox.service.UploadRelay;
import io.tenantry.shared.metrics.FunctionMetrics;
import io.tenantry.shared.metrics.InstanceStart;
import io.tenantry.shared.metrics.MetricsEmitter;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The media upload relay: S3 invokes it for every upload to the media bucket (template.yaml, {@code
 * MediaUploadRelayFunction}'s S3 event) and it sends each one on to the media worker's queue in its tenant's message
 * group ({@link UploadRelay}). S3 invokes it asynchronously: an invocation that fails is tried twice more by Lambda,
 * then the event goes to {@code MediaUploadRelayDeadLetterQueue} (docs/media.md says how to send it again).
 */
public class MediaUploadRelayHandler extends MicronautRequestHandler<Map<String, Object>, Void> implements Resource {
    private static final Logger LOG = LoggerFactory.getLogger(MediaUploadRelayHandler.class);

    @Inject
    UploadRelay relay;

    @Inject
    FunctionMetrics metrics;

    private final InstanceStart start = new InstanceStart();

    public MediaUploadRelayHandler() {
        super();
        Core.getGlobalContext().register(this);
    }

    public MediaUploadRelayHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    public Void execute(Map<String, Object> event) {
        return metrics.invocation(getClass(), start, () -> {
            UploadRelay.Result result = relay.relay(event);
            LOG.atInfo()
                    .addKeyValue("relayed", result.relayed())
                    .addKeyValue("ignored", result.ignored())
                    .log("uploads relayed");
            return null;
        });
    }

    /**
     * Before a SnapStart snapshot: an event with a record that is not an upload through the whole path (the event
     * read, the record checked and left out), and the metrics emitter; nothing is sent.
     */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        relay.relay(Map.of(
                "Records",
                List.of(Map.of(
                        "eventName",
                        "ObjectCreated:Put",
                        "s3",
                        Map.of("bucket", Map.of("name", "priming"), "object", Map.of("key", "priming"))))));
        applicationContext.getBean(MetricsEmitter.class).prime();
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing unique to an instance is held; connections are made again on first use.
    }
}
