package io.tenantry.shared.example.handler;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.micronaut.context.ApplicationContext;
import io.tenantry.shared.example.model.NoteMessage;
import io.tenantry.shared.example.service.NoteArchiver;
import io.tenantry.shared.queue.Delivery;
import io.tenantry.shared.queue.QueueHandler;
import io.tenantry.shared.snapstart.Priming;
import jakarta.inject.Inject;

/** The notes worker: archives the note a message names. {@link QueueHandler} does the rest. */
public class NoteQueueHandler extends QueueHandler {
    @Inject
    NoteArchiver archiver;

    public NoteQueueHandler() {}

    public NoteQueueHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected void handleMessage(SQSEvent.SQSMessage message, Delivery delivery) {
        archiver.archive(readJson(message, NoteMessage.class));
    }

    @Override
    protected String primingMessage() {
        return "{\"tenantId\": \"" + Priming.TENANT_ID + "\", \"noteId\": \"" + Priming.id("nte_") + "\"}";
    }

    @Override
    protected String deadLetterQueueUrl() {
        return archiver.deadLetterQueueUrl();
    }
}
