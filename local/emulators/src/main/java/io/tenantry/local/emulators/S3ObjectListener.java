package io.tenantry.local.emulators;

/**
 * Told of every object the embedded S3 stores or removes, once the request has succeeded; s3proxy has no bucket
 * notifications of its own. Called on s3proxy's request thread: return quickly (hand slow work to another thread), and
 * do not throw (a failure is logged and the S3 request still succeeds).
 */
@FunctionalInterface
public interface S3ObjectListener {
    void onObjectEvent(S3ObjectEvent event);
}
