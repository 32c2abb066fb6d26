package io.ociplane.oci.api;

import java.util.List;

/**
 * A start from an OCI bundle.
 *
 * @param bundlePath absolute path of the bundle directory (holding {@code config.json})
 * @param command replaces the bundle's {@code process.args} when given (split on spaces), else {@code null}
 * @param westerosSocket a display socket to bind at {@code /tmp/westeros}, else {@code null}
 * @param env {@code KEY=VALUE} strings added to the environment
 * @param uid host uid that container uid 0 maps to, or {@code null}; applied only with {@code gid}
 * @param gid host gid that container gid 0 maps to, or {@code null}
 */
public record BundleStart(String id, String bundlePath, String command, String westerosSocket, List<String> env,
        Integer uid, Integer gid) {

    public BundleStart {
        env = env == null ? List.of() : List.copyOf(env);
    }
}
