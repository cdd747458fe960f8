package io.tenantry.shared.example.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import io.micronaut.context.ApplicationContext;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.example.model.Note;
import io.tenantry.shared.example.repository.NoteRepository;
import io.tenantry.shared.id.Ids;
import io.tenantry.shared.snapstart.PrimingGuard;
import io.tenantry.shared.testing.Queues;
import io.tenantry.shared.testing.TestTenants;
import io.tenantry.shared.testing.TestTenants.SeededTenant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The steps of docs/architecture.md "Adding a worker" are true: the example worker, a handler of a
 * few lines on {@code QueueHandler} and a service whose state change is a {@code StateTransitions}
 * step, takes its messages from a real (emulated) queue, makes its change once, and dead-letters at
 * once a message no redelivery can fix while its rightful neighbour is processed.
 */
@EmulatedAws
class ExampleWorkerIT {
    static AwsEnvironment aws;
    static ApplicationContext context;
    static TestTenants tenants;
    static NoteRepository notes;
    static String queue;
    static String deadLetters;

    @BeforeAll
    static void start(AwsEnvironment environment) {
        aws = environment;
        queue = aws.sqs().createQueue(r -> r.queueName("example-notes")).queueUrl();
        deadLetters = aws.sqs()
                .createQueue(r -> r.queueName("example-notes-dead-letters"))
                .queueUrl();
        // Any worker's configuration will do: the example has no template entry of its own.
        Map<String, Object> properties = new HashMap<>(aws.micronautProperties("InvoiceQueueFunction"));
        properties.put("tenantry.notes.dead.letters", deadLetters);
        context = ApplicationContext.run(properties);
        tenants = new TestTenants(context);
        notes = context.getBean(NoteRepository.class);
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    @BeforeEach
    void emptyTheQueues() {
        Queues.takeAll(aws, queue);
        Queues.takeAll(aws, deadLetters);
    }

    static String seedNote(TenantAccess access) {
        String id = "nte_" + Ids.requestId().substring(4);
        notes.create(access, new Note(id, "Buy milk", "active", "2026-11-01T09:00:00Z", 1));
        return id;
    }

    static void send(String tenantId, String noteId) {
        String body = "{\"tenantId\": \"" + tenantId + "\", \"noteId\": \"" + noteId + "\"}";
        aws.sqs().sendMessage(r -> r.queueUrl(queue).messageBody(body));
    }

    static SQSBatchResponse deliver(List<Message> messages) {
        return new NoteQueueHandler(context).handleRequest(Queues.event(messages), null);
    }

    @Test
    void aNoteOfTheTenant_isArchivedOnce_andItsRedeliveryChangesNothing() {
        TenantAccess access = tenants.ownerAccess(tenants.create());
        String noteId = seedNote(access);
        send(access.tenantId(), noteId);
        List<Message> messages = Queues.receive(aws, queue);

        SQSBatchResponse first = deliver(messages);
        SQSBatchResponse again = deliver(messages);

        assertEquals(List.of(), first.getBatchItemFailures());
        assertEquals(List.of(), again.getBatchItemFailures());
        Note archived = notes.find(access, noteId).orElseThrow();
        assertEquals("archived", archived.status());
        assertEquals(2, archived.version(), "changed once");
        assertEquals(List.of(), Queues.takeAll(aws, deadLetters));
    }

    @Test
    void primingTheWorker_sendsNothingToTheDeadLetterQueue_thenARealMessageIsArchived() {
        PrimingGuard guard = context.getBean(PrimingGuard.class);
        int stopsBefore = guard.stops();

        new NoteQueueHandler(context).beforeCheckpoint(null);

        assertTrue(
                guard.stops() - stopsBefore >= 20,
                "every round reached the dead-lettering of its unusable message, and it was stopped");
        assertEquals(List.of(), Queues.takeAll(aws, deadLetters), "nothing was sent");
        assertFalse(Ids.hasGenerator(), "no id generator is left for the snapshot");
        TenantAccess access = tenants.ownerAccess(tenants.create());
        String noteId = seedNote(access);
        send(access.tenantId(), noteId);
        SQSBatchResponse real = deliver(Queues.receive(aws, queue));
        assertEquals(List.of(), real.getBatchItemFailures());
        assertEquals("archived", notes.find(access, noteId).orElseThrow().status());
    }

    @Test
    void aMessageNamingAnotherTenantsNote_isDeadLetteredAtOnce_whileTheRightfulOneIsProcessed() {
        SeededTenant owner = tenants.create();
        SeededTenant other = tenants.create();
        TenantAccess access = tenants.ownerAccess(owner);
        String noteId = seedNote(access);
        send(other.tenantId(), noteId);
        send(owner.tenantId(), noteId);

        SQSBatchResponse response = deliver(Queues.receive(aws, queue));

        assertEquals(
                List.of(), response.getBatchItemFailures(), "the foreign one is acknowledged: it is dead-lettered");
        List<Message> dead = Queues.takeAll(aws, deadLetters);
        assertEquals(1, dead.size(), dead::toString);
        assertEquals(other.tenantId(), dead.getFirst().body().split("\"")[3]);
        assertEquals("archived", notes.find(access, noteId).orElseThrow().status());
    }
}
