package io.tenantry.webhooks.model;

/** A delivery as stored: which webhook it belongs to, and its version (each attempt is a conditional update). */
public record StoredDelivery(String webhookId, Delivery delivery, long version) {}
