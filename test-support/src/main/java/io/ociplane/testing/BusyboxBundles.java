package io.ociplane.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * OCI bundles made on the spot for real containers: busybox-static (Debian's {@code /bin/busybox}) as the rootfs,
 * with the applets tests run, and a config that runs the given arguments: either {@code runc spec}'s, with no
 * terminal and a writable rootfs, or a template's, such as a committed example.
 */
public final class BusyboxBundles {

    public static final Path BUSYBOX = Path.of("/bin/busybox");
    private static final List<String> APPLETS = List.of("sh", "sleep", "touch", "cat", "echo", "true", "false",
            "env", "ls", "id", "yes", "head", "mv");
    /** Mount points (a user namespace cannot create them) and /etc. */
    private static final List<String> DIRECTORIES = List.of("tmp", "proc", "sys", "dev", "etc");

    private final ObjectMapper mapper = new ObjectMapper();

    /** A bundle in {@code dir} whose process runs {@code args}: config from {@code runc spec}, no terminal. */
    public Path bundle(Path dir, String... args) throws IOException, InterruptedException {
        rootfs(dir);
        Process spec = new ProcessBuilder("runc", "spec", "--bundle", dir.toString()).redirectErrorStream(true)
                .start();
        String out = new String(spec.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (spec.waitFor() != 0) {
            throw new IOException("runc spec failed: " + out);
        }
        ObjectNode config = config(dir);
        config.withObjectProperty("process").put("terminal", false);
        config.withObjectProperty("root").put("readonly", false);
        return withArgs(dir, config, List.of(args));
    }

    /** A bundle in {@code dir} whose process runs {@code args}, with the rest of the config from {@code template}. */
    public Path bundle(Path dir, Path template, List<String> args) throws IOException {
        rootfs(dir);
        return withArgs(dir, (ObjectNode) mapper.readTree(template.toFile()), args);
    }

    public ObjectNode config(Path bundle) throws IOException {
        return (ObjectNode) mapper.readTree(bundle.resolve("config.json").toFile());
    }

    public void writeConfig(Path bundle, ObjectNode config) throws IOException {
        mapper.writerWithDefaultPrettyPrinter().writeValue(bundle.resolve("config.json").toFile(), config);
    }

    /** An executable script in a bundle's rootfs (commands are split on spaces, so longer ones go in a file). */
    public static void script(Path bundle, String name, String text) throws IOException {
        Path file = bundle.resolve("rootfs").resolve(name);
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Path withArgs(Path dir, ObjectNode config, List<String> args) throws IOException {
        ArrayNode a = config.withObjectProperty("process").putArray("args");
        args.forEach(a::add);
        writeConfig(dir, config);
        return dir;
    }

    private static void rootfs(Path dir) throws IOException {
        Path rootfs = dir.resolve("rootfs");
        Files.createDirectories(rootfs.resolve("bin"));
        for (String d : DIRECTORIES) {
            Files.createDirectories(rootfs.resolve(d));
        }
        Files.copy(BUSYBOX, rootfs.resolve("bin/busybox"));
        for (String applet : APPLETS) {
            Files.createSymbolicLink(rootfs.resolve("bin").resolve(applet), Path.of("busybox"));
        }
    }
}
