package io.tenantry.shared.problem;

/** 415: a body that is not JSON, or a media type that is not accepted. */
public class UnsupportedMediaTypeException extends ProblemException {
    public UnsupportedMediaTypeException(String detail) {
        super(415, "unsupported-media-type", "Unsupported media type", detail);
    }
}
