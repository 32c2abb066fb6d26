package io.ociplane.oci.api;

import java.util.List;

/**
 * A start from a legacy JSON container spec (the format of docs/dobby-dbus.md#dobby-spec); each provider checks
 * the spec itself.
 *
 * @param specJson the spec, a JSON object text
 * @param command replaces the spec's {@code args} when given, else {@code null}
 * @param westerosSocket a display socket to bind at {@code /tmp/westeros}, else {@code null}
 * @param env {@code KEY=VALUE} strings added to the environment
 */
public record SpecStart(String id, String specJson, String command, String westerosSocket, List<String> env) {

    public SpecStart {
        env = env == null ? List.of() : List.copyOf(env);
    }
}
