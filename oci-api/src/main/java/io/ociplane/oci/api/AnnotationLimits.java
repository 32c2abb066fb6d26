package io.ociplane.oci.api;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * How many annotations a container may carry and how long their keys and values may be (UTF-8 bytes). A container
 * daemon may set no limits; these keep a container's annotations, its state record and its info small
 * (docs/spec-safety.md).
 *
 * @param maxCount annotations per container
 * @param maxKeyBytes bytes of a key
 * @param maxValueBytes bytes of a value
 */
public record AnnotationLimits(int maxCount, int maxKeyBytes, int maxValueBytes) {

    /** 64 annotations, keys up to 256 bytes, values up to 4 KiB. */
    public static final AnnotationLimits DEFAULT = new AnnotationLimits(64, 256, 4096);

    public AnnotationLimits {
        if (maxCount < 0 || maxKeyBytes < 1 || maxValueBytes < 0) {
            throw new IllegalArgumentException("annotation limits must be positive: " + maxCount + " annotations, "
                    + maxKeyBytes + " bytes per key, " + maxValueBytes + " bytes per value");
        }
    }

    /** Whether a key and value are within the size limits (the key not empty). */
    public boolean fits(String key, String value) {
        return key != null && value != null && !key.isEmpty() && bytes(key) <= maxKeyBytes
                && bytes(value) <= maxValueBytes;
    }

    /** Refuses a key or value over its limit, or an empty key. */
    public void checkEntry(String key, String value) throws ContainerException {
        if (key == null || key.isEmpty() || value == null) {
            throw invalid("an annotation needs a non-empty key and a value");
        }
        if (bytes(key) > maxKeyBytes) {
            throw invalid("the annotation key is " + bytes(key) + " bytes long; at most " + maxKeyBytes
                    + " are allowed");
        }
        if (bytes(value) > maxValueBytes) {
            throw invalid("the annotation value is " + bytes(value) + " bytes long; at most " + maxValueBytes
                    + " are allowed");
        }
    }

    /** Refuses a new key for container {@code id} when it already has {@link #maxCount} annotations. */
    public void checkRoom(String id, Map<String, String> current, String key) throws ContainerException {
        if (!current.containsKey(key) && current.size() >= maxCount) {
            throw invalid("container '" + ContainerIds.shorten(id) + "' already has " + current.size()
                    + " annotations, the most allowed (" + maxCount + "); remove one first");
        }
    }

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static ContainerException invalid(String message) {
        return new ContainerException(ContainerException.Reason.INVALID_ARGUMENT, message);
    }
}
