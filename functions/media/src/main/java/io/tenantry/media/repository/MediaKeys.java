package io.tenantry.media.repository;

import io.tenantry.shared.auth.TenantAccess;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The S3 key scheme of the media bucket: every object of a media item lives under {@code
 * tenants/<tenantId>/media/<mediaId>/}: the upload at {@code original}, the variants at their
 * names. Keys are built from a {@link TenantAccess} and a well-formed media id only, so no caller
 * can name another tenant's prefix, and a client never chooses a key.
 */
public final class MediaKeys {
    public static final String ORIGINAL = "original";
    private static final String ULID = "[0-9A-HJKMNP-TV-Z]{26}";
    public static final Pattern MEDIA_ID = Pattern.compile("med_" + ULID);
    private static final Pattern ORIGINAL_KEY =
            Pattern.compile("tenants/(ten_" + ULID + ")/media/(" + MEDIA_ID.pattern() + ")/" + ORIGINAL);

    private MediaKeys() {}

    /** The tenant and media item that an upload's key names. */
    public record Upload(String tenantId, String mediaId) {}

    /** {@code tenants/<tenantId>/media/<mediaId>/}: every object of the item. */
    public static String prefix(TenantAccess access, String mediaId) {
        if (!MEDIA_ID.matcher(mediaId).matches()) {
            throw new IllegalArgumentException("Not a media id: " + mediaId);
        }
        return "tenants/" + access.tenantId() + "/media/" + mediaId + "/";
    }

    public static String original(TenantAccess access, String mediaId) {
        return prefix(access, mediaId) + ORIGINAL;
    }

    public static String variant(TenantAccess access, String mediaId, String variantName) {
        return prefix(access, mediaId) + variantName;
    }

    /** The item an upload's key belongs to; empty for any key that is not exactly an upload's. */
    public static Optional<Upload> parseUpload(String key) {
        Matcher matcher = ORIGINAL_KEY.matcher(key == null ? "" : key);
        return matcher.matches() ? Optional.of(new Upload(matcher.group(1), matcher.group(2))) : Optional.empty();
    }
}
