package io.tenantry.local.backend.async;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantry.local.backend.InvocationLog;
import io.tenantry.local.backend.lambda.LocalFunction;
import io.tenantry.local.backend.testfunctions.Recorded;
import io.tenantry.local.function.Console;
import io.tenantry.local.function.FunctionConfig;
import io.tenantry.local.template.SamTemplate;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** With {@code --schedules}, a schedule fires on its own, with its input; an unreadable one is only reported. */
class SchedulesTest {

    @Test
    void anEnabledSchedule_firesOnTime_withItsInput_andUnreadableOnesAreReported() throws Exception {
        String soon = LocalDateTime.now(ZoneOffset.UTC)
                .plusSeconds(2)
                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss"));
        SamTemplate template = SamTemplate.parse("""
                Transform: AWS::Serverless-2016-10-31
                Resources:
                  Task:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: io.tenantry.local.backend.testfunctions.ScheduledTask
                      Events:
                        Soon:
                          Type: ScheduleV2
                          Properties:
                            ScheduleExpression: at(%s)
                            Input: '{"job": "timer"}'
                        Odd:
                          Type: ScheduleV2
                          Properties:
                            ScheduleExpression: cron(0 9 15W * ? *)
                        Off:
                          Type: ScheduleV2
                          Properties:
                            ScheduleExpression: rate(1 minute)
                            State: DISABLED
                """.formatted(soon), "schedules.yaml");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InvocationLog log = new InvocationLog(new Console(new PrintStream(out, true), new PrintStream(out, true)));
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            LocalFunction task =
                    new LocalFunction(FunctionConfig.of(template.function("Task"), Map.of()), () -> null, executor);
            AsyncInvoker async =
                    new AsyncInvoker(Map.of(), id -> task, (queue, body) -> {}, executor, log, java.time.Duration.ZERO);
            try (Schedules schedules = new Schedules(template, async)) {
                assertEquals(1, schedules.problems().size(), schedules.problems()::toString);
                assertTrue(schedules.problems().getFirst().startsWith("Task.Odd: "));
                long before = Recorded.of("ScheduledTask").stream()
                        .filter(Map.of("job", "timer")::equals)
                        .count();
                schedules.startTimers();
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (Recorded.of("ScheduledTask").stream()
                                        .filter(Map.of("job", "timer")::equals)
                                        .count()
                                == before
                        && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertEquals(
                        before + 1,
                        Recorded.of("ScheduledTask").stream()
                                .filter(Map.of("job", "timer")::equals)
                                .count());
                while (!out.toString().contains("schedule Soon (at(") && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertTrue(out.toString().contains("schedule Soon (at("), out::toString);
            }
        }
    }
}
