package io.tenantry.local.emulators;

import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.function.Supplier;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/** s3proxy's store, telling a listener of each object written or removed, after the store has done it. */
final class NotifyingBlobStore extends ForwardingBlobStore {
    private static final System.Logger LOG = System.getLogger(NotifyingBlobStore.class.getName());

    private final Supplier<S3ObjectListener> listener;

    NotifyingBlobStore(BlobStore delegate, Supplier<S3ObjectListener> listener) {
        super(delegate);
        this.listener = listener;
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream content) {
        PutObjectResponse response = super.putBlob(request, content);
        created("ObjectCreated:Put", request.bucket(), request.key());
        return response;
    }

    @Override
    public CopyObjectResponse copyBlob(CopyObjectRequest request) {
        CopyObjectResponse response = super.copyBlob(request);
        created("ObjectCreated:Copy", request.destinationBucket(), request.destinationKey());
        return response;
    }

    @Override
    public CompleteMultipartUploadResponse completeMultipartUpload(
            MultipartUpload upload, CompleteMultipartUploadRequest request) {
        CompleteMultipartUploadResponse response = super.completeMultipartUpload(upload, request);
        created("ObjectCreated:CompleteMultipartUpload", request.bucket(), request.key());
        return response;
    }

    @Override
    public DeleteObjectResponse removeBlob(DeleteObjectRequest request) {
        DeleteObjectResponse response = super.removeBlob(request);
        notify(new S3ObjectEvent("ObjectRemoved:Delete", request.bucket(), request.key(), 0, null, Instant.now()));
        return response;
    }

    private void created(String eventName, String bucket, String key) {
        S3ObjectListener target = listener.get();
        if (target == null) {
            return;
        }
        long size = 0;
        String eTag = null;
        try {
            HeadObjectResponse head = delegate().blobMetadata(bucket, key);
            size = head.contentLength() == null ? 0 : head.contentLength();
            eTag = head.eTag() == null ? null : head.eTag().replace("\"", "");
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "No metadata for {0}/{1} after a write: {2}", bucket, key, e.toString());
        }
        notify(new S3ObjectEvent(eventName, bucket, key, size, eTag, Instant.now()));
    }

    private void notify(S3ObjectEvent event) {
        S3ObjectListener target = listener.get();
        if (target == null) {
            return;
        }
        try {
            target.onObjectEvent(event);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "An S3 object listener failed on " + event, e);
        }
    }
}
