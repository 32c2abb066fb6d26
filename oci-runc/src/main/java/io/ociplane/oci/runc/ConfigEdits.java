package io.ociplane.oci.runc;

import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.HostPaths;

/** Edits Dobby applies to a container's OCI config at start, shared by bundle and spec starts. */
final class ConfigEdits {

    static final String WESTEROS_MOUNT = "/tmp/westeros";

    private ConfigEdits() {
    }

    /** Appends {@code KEY=VALUE} entries to {@code process.env}, skipping exact duplicates. */
    static void addEnv(ObjectNode config, List<String> env) throws ContainerException {
        ArrayNode array = arrayIn(config.withObjectProperty("process"), "env");
        for (String e : env) {
            CommandLines.checkEnv(e);
            boolean present = false;
            for (JsonNode existing : array) {
                present |= existing.asText().equals(e);
            }
            if (!present) {
                array.add(e);
            }
        }
    }

    /**
     * Binds the display socket at {@code /tmp/westeros} (bind, rw, nosuid, nodev, noexec) and points Wayland
     * clients at it, as Dobby does. The socket is a bind source like any other (docs/spec-safety.md): bound by
     * its real path.
     */
    static void addWesteros(ObjectNode config, String socket) throws ContainerException {
        Path real = HostPaths.bindSource("westerosSocket", socket);
        addBind(config, real.toString(), WESTEROS_MOUNT, List.of("bind", "rw", "nosuid", "nodev", "noexec"));
        addEnv(config, List.of("WAYLAND_DISPLAY=westeros", "XDG_RUNTIME_DIR=/tmp"));
    }

    static void addBind(ObjectNode config, String source, String destination, List<String> options) {
        ObjectNode m = arrayIn(config, "mounts").addObject();
        m.put("destination", destination);
        m.put("type", "bind");
        m.put("source", source);
        ArrayNode o = m.putArray("options");
        options.forEach(o::add);
    }

    /** Replaces {@code process.args}. */
    static void setArgs(ObjectNode config, List<String> args) {
        ArrayNode a = config.withObjectProperty("process").putArray("args");
        args.forEach(a::add);
    }

    /** The array member {@code name} of {@code o}, created when missing or not an array. */
    static ArrayNode arrayIn(ObjectNode o, String name) {
        JsonNode n = o.get(name);
        return n instanceof ArrayNode a ? a : o.putArray(name);
    }
}
