package io.ociplane.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Dobby specs of the tests of the runc provider and of Dobby, and what they do to one (docs/dobby-dbus.md). */
public final class DobbySpecs {

    /** The smallest spec every provider starts: {@code sleep 60} as uid and gid 1000, in 40 MiB. */
    public static final String SLEEPING = "{\"version\":\"1.0\",\"args\":[\"sleep\",\"60\"],\"user\":{\"uid\":1000,"
            + "\"gid\":1000},\"memLimit\":41943040}";

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
