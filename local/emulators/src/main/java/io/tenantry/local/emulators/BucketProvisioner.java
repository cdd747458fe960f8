package io.tenantry.local.emulators;

import io.tenantry.local.template.BucketDefinition;
import io.tenantry.local.template.TemplateResource;
import io.tenantry.local.template.TemplateResources;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Creates a bucket unless it exists. */
final class BucketProvisioner {
    private static final int NOT_FOUND = 404;

    private final S3Client s3;

    BucketProvisioner(S3Client s3) {
        this.s3 = s3;
    }

    ProvisionedResource provision(BucketDefinition bucket) {
        if (!exists(bucket.bucketName())) {
            s3.createBucket(r -> r.bucket(bucket.bucketName()));
        }
        return new ProvisionedResource(
                bucket.logicalId(),
                TemplateResource.BUCKET,
                bucket.bucketName(),
                bucket.bucketName(),
                TemplateResources.bucketAttributes(bucket.bucketName()));
    }

    private boolean exists(String bucketName) {
        try {
            s3.headBucket(r -> r.bucket(bucketName));
            return true;
        } catch (NoSuchBucketException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }
}
