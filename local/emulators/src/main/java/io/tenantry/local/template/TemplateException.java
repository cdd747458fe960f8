package io.tenantry.local.template;

/** A template that cannot be read, or a value in it that cannot be resolved locally; the message names the path. */
public final class TemplateException extends RuntimeException {
    public TemplateException(String message) {
        super(message);
    }

    public TemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}
