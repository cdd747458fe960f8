package io.tenantry.local.backend.async;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenantry.local.function.Json;
import io.tenantry.local.template.FunctionDefinition;
import io.tenantry.local.template.FunctionEvent;
import io.tenantry.local.template.Intrinsics;
import io.tenantry.local.template.SamTemplate;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The template's {@code Schedule} and {@code ScheduleV2} events. Each can be fired on demand (its {@code Input}, or
 * the event EventBridge would send without one); with {@code --schedules}, each enabled one also fires on its
 * {@code rate}, {@code cron} or {@code at} expression, in its {@code ScheduleExpressionTimezone} (UTC by default).
 * EventBridge invokes the function asynchronously, so a firing is an asynchronous invocation ({@link AsyncInvoker}):
 * a function error is retried and then goes to the function's {@code OnFailure} destination.
 */
public final class Schedules implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Schedules.class);

    /** A function's schedule event. */
    public record Schedule(String functionLogicalId, FunctionEvent.Schedule event) {
        public String description() {
            return functionLogicalId + "." + event.name() + " " + event.expression()
                    + (event.timezone() == null ? "" : " " + event.timezone()) + (event.enabled() ? "" : " (disabled)");
        }
    }

    private final List<Schedule> schedules;
    private final AsyncInvoker async;
    private final List<Thread> timers = new ArrayList<>();
    private final List<String> problems;
    private volatile boolean running = true;

    public Schedules(SamTemplate template, AsyncInvoker async) {
        List<Schedule> found = new ArrayList<>();
        for (FunctionDefinition function : template.functions().values()) {
            function.events(FunctionEvent.Schedule.class)
                    .forEach(event -> found.add(new Schedule(function.logicalId(), event)));
        }
        this.schedules = List.copyOf(found);
        this.async = async;
        List<String> unreadable = new ArrayList<>();
        for (Schedule schedule : schedules) {
            try {
                ScheduleExpression.parse(schedule.event().expression());
                if (schedule.event().timezone() != null) {
                    ZoneId.of(schedule.event().timezone());
                }
            } catch (RuntimeException e) {
                unreadable.add(schedule.functionLogicalId() + "."
                        + schedule.event().name() + ": " + e.getMessage() + "; it fires on demand only");
            }
        }
        this.problems = List.copyOf(unreadable);
    }

    /** Schedules whose expression or time zone cannot be read locally: they never fire on time. */
    public List<String> problems() {
        return problems;
    }

    public List<Schedule> all() {
        return schedules;
    }

    /** A function's schedule: the named event, or its first. */
    public Optional<Schedule> find(String functionLogicalId, String eventName) {
        return schedules.stream()
                .filter(s -> s.functionLogicalId().equals(functionLogicalId))
                .filter(s -> eventName == null || s.event().name().equals(eventName))
                .findFirst();
    }

    /**
     * Invokes the schedule's function now, with what the scheduler would send, and answers that first attempt; a
     * function error is retried, and the outcome sent to the function's destination, in the background.
     */
    public AsyncInvoker.Started fire(Schedule schedule, String trigger) {
        return async.start(
                schedule.functionLogicalId(),
                payload(schedule, Instant.now()),
                trigger + " " + schedule.event().name() + " ("
                        + schedule.event().expression() + ")");
    }

    /**
     * The event: the {@code Input} when there is one; otherwise, for a {@code Schedule} (an EventBridge rule), the
     * "Scheduled Event" EventBridge sends, and for a {@code ScheduleV2} (EventBridge Scheduler) an empty object.
     */
    static byte[] payload(Schedule schedule, Instant now) {
        FunctionEvent.Schedule event = schedule.event();
        if (event.input() != null && !event.input().isBlank()) {
            return event.input().getBytes(StandardCharsets.UTF_8);
        }
        if (event.type().equals("ScheduleV2")) {
            return "{}".getBytes(StandardCharsets.UTF_8);
        }
        ObjectNode scheduled = Json.object();
        scheduled.put("version", "0");
        scheduled.put("id", UUID.randomUUID().toString());
        scheduled.put("detail-type", "Scheduled Event");
        scheduled.put("source", "aws.events");
        scheduled.put("account", Intrinsics.ACCOUNT_ID);
        scheduled.put(
                "time", DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
        scheduled.put("region", Intrinsics.REGION);
        scheduled
                .putArray("resources")
                .add("arn:aws:events:" + Intrinsics.REGION + ":" + Intrinsics.ACCOUNT_ID + ":rule/"
                        + Intrinsics.STACK_NAME + "-" + schedule.functionLogicalId() + event.name());
        scheduled.putObject("detail");
        return Json.bytes(scheduled);
    }

    /** Starts a timer (a virtual thread) per enabled schedule. */
    public void startTimers() {
        for (Schedule schedule : schedules) {
            if (!schedule.event().enabled()) {
                continue;
            }
            ScheduleExpression expression;
            ZoneId zone;
            try {
                expression = ScheduleExpression.parse(schedule.event().expression());
                zone = schedule.event().timezone() == null
                        ? ZoneOffset.UTC
                        : ZoneId.of(schedule.event().timezone());
            } catch (RuntimeException e) {
                continue; // reported by problems()
            }
            timers.add(Thread.ofVirtual()
                    .name("schedule-" + schedule.functionLogicalId() + "-"
                            + schedule.event().name())
                    .start(() -> run(schedule, expression, zone)));
        }
    }

    private void run(Schedule schedule, ScheduleExpression expression, ZoneId zone) {
        ZonedDateTime last = ZonedDateTime.now(zone);
        while (running) {
            Optional<ZonedDateTime> next = expression.next(last);
            if (next.isEmpty()) {
                return;
            }
            try {
                Duration wait = Duration.between(ZonedDateTime.now(zone), next.get());
                if (!wait.isNegative()) {
                    Thread.sleep(wait);
                }
            } catch (InterruptedException e) {
                return;
            }
            if (!running) {
                return;
            }
            try {
                fire(schedule, "schedule");
            } catch (RuntimeException e) {
                LOG.warn("Firing {} failed: {}", schedule.description(), e.toString());
            }
            last = next.get();
        }
    }

    @Override
    public void close() {
        running = false;
        timers.forEach(Thread::interrupt);
    }
}
