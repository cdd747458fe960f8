package io.tenantry.costexport.repository;

import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The exports bucket. An export's files are put in order with {@code summary.json} last, so a summary means its
 * period's files are complete; when a put fails, the files already put for that export are deleted again.
 */
@Singleton
public final class ExportStore {
    private static final Logger LOG = LoggerFactory.getLogger(ExportStore.class);

    private final S3Client s3;
    private final CostExportSettings settings;

    public ExportStore(S3Client s3, CostExportSettings settings) {
        this.s3 = s3;
        this.settings = settings;
    }

    /** One file of an export: its key, its media type, and its content, from a file or in memory. */
    public record ExportFile(String key, String contentType, Optional<Path> path, byte[] bytes) {
        public static ExportFile of(String key, String contentType, Path path) {
            return new ExportFile(key, contentType, Optional.of(path), new byte[0]);
        }

        public static ExportFile of(String key, String contentType, byte[] bytes) {
            return new ExportFile(key, contentType, Optional.empty(), bytes);
        }
    }

    public String bucket() {
        if (settings.bucket().isBlank()) {
            throw new IllegalStateException("TENANTRY_EXPORTS_BUCKET is not set: the export has nowhere to write.");
        }
        return settings.bucket();
    }

    /** Puts every file, in order; all of them or, as far as S3 lets it, none. */
    public void putAll(List<ExportFile> files) {
        String bucket = bucket();
        List<String> written = new ArrayList<>();
        try {
            for (ExportFile file : files) {
                RequestBody body =
                        file.path().map(RequestBody::fromFile).orElseGet(() -> RequestBody.fromBytes(file.bytes()));
                s3.putObject(b -> b.bucket(bucket).key(file.key()).contentType(file.contentType()), body);
                written.add(file.key());
            }
        } catch (RuntimeException e) {
            for (String key : written) {
                try {
                    s3.deleteObject(b -> b.bucket(bucket).key(key));
                } catch (RuntimeException cleanup) {
                    LOG.warn("Could not delete the partial export file {}: {}", key, cleanup.toString());
                }
            }
            throw e;
        }
    }

    /** An object of the exports bucket (a bill), or empty when there is none. */
    public Optional<byte[]> read(String key) {
        try (InputStream in = s3.getObject(b -> b.bucket(bucket()).key(key))) {
            return Optional.of(in.readAllBytes());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
