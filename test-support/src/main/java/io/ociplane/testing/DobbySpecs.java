package io.ociplane.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** What tests of the runc provider, directly and through Dobby, do to a Dobby spec (docs/dobby-dbus.md). */
public final class DobbySpecs {

    private DobbySpecs() {
    }

    /**
     * Makes {@code spec} an app that crashes (exit 1) on its first run and sleeps on the next, with
     * {@code restartOnCrash}: the directory {@code data} (created, writable by the container's user) is bound at
     * {@code /data} and gets the file {@code ran} on the first run.
     */
    public static ObjectNode crashingOnce(ObjectNode spec, Path data) throws IOException {
        Files.createDirectory(data);
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxrwxrwx"));
        spec.putArray("args").add("sh").add("-c")
                .add("if [ -e /data/ran ]; then exec sleep 600; fi; touch /data/ran; exit 1");
        spec.put("restartOnCrash", true);
        spec.withArrayProperty("mounts").addObject().put("source", data.toString()).put("destination", "/data")
                .put("type", "bind").putArray("options").add("rbind").add("rw");
        return spec;
    }
}
