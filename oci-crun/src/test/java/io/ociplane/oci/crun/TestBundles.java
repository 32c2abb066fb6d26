package io.ociplane.oci.crun;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Tiny OCI bundles made on the spot: busybox-static as the rootfs, the config from {@code runc spec}. */
final class TestBundles {

    static final Path BUSYBOX = Path.of("/bin/busybox");
    private static final List<String> APPLETS = List.of("sh", "sleep", "touch", "cat", "echo", "true", "false",
            "env", "ls", "id", "yes", "head");

    private final ObjectMapper mapper = new ObjectMapper();

    /** A bundle in {@code dir} whose process runs {@code args}, rootfs writable, no terminal. */
    Path bundle(Path dir, String... args) throws IOException, InterruptedException {
        Path rootfs = dir.resolve("rootfs");
        Files.createDirectories(rootfs.resolve("bin"));
        for (String point : List.of("tmp", "proc", "sys", "dev")) { // mount points a user namespace cannot create
            Files.createDirectories(rootfs.resolve(point));
        }
        Files.copy(BUSYBOX, rootfs.resolve("bin/busybox"));
        for (String applet : APPLETS) {
            Files.createSymbolicLink(rootfs.resolve("bin").resolve(applet), Path.of("busybox"));
        }
        Process spec = new ProcessBuilder("runc", "spec", "--bundle", dir.toString()).inheritIO().start();
        if (spec.waitFor() != 0) {
            throw new IOException("runc spec failed");
        }
        ObjectNode config = config(dir);
        ObjectNode process = config.withObjectProperty("process");
        process.put("terminal", false);
        ArrayNode a = process.putArray("args");
        for (String arg : args) {
            a.add(arg);
        }
        config.withObjectProperty("root").put("readonly", false);
        writeConfig(dir, config);
        return dir;
    }

    ObjectNode config(Path bundle) throws IOException {
        return (ObjectNode) mapper.readTree(bundle.resolve("config.json").toFile());
    }

    void writeConfig(Path bundle, ObjectNode config) throws IOException {
        mapper.writerWithDefaultPrettyPrinter().writeValue(bundle.resolve("config.json").toFile(), config);
    }

    /** A script in the rootfs (commands given to a start are split on spaces, so longer ones go in a file). */
    static void script(Path bundle, String name, String text) throws IOException {
        Path file = bundle.resolve("rootfs").resolve(name);
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
