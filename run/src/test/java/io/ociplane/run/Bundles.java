package io.ociplane.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Busybox OCI bundles for real-container tests, made from the committed example config (run/examples). */
final class Bundles {

    private static final Path EXAMPLE_CONFIG = Path.of("examples/containers/sleepy/Container/config.json");

    private Bundles() {
    }

    /** Writes {@code dir/config.json} running {@code args}, and a busybox rootfs. */
    static Path busybox(Path dir, List<String> args) {
        try {
            Path rootfs = dir.resolve("rootfs");
            Files.createDirectories(rootfs.resolve("bin"));
            for (String d : List.of("proc", "sys", "dev", "tmp", "etc")) {
                Files.createDirectories(rootfs.resolve(d));
            }
            Path busybox = Path.of("/bin/busybox");
            Files.copy(busybox, rootfs.resolve("bin/busybox"));
            for (String tool : List.of("sh", "sleep", "touch", "ls", "cat")) {
                Files.createSymbolicLink(rootfs.resolve("bin").resolve(tool), Path.of("busybox"));
            }
            ObjectNode config = (ObjectNode) Rpc.MAPPER.readTree(EXAMPLE_CONFIG.toFile());
            ArrayNode a = ((ObjectNode) config.get("process")).putArray("args");
            args.forEach(a::add);
            Files.writeString(dir.resolve("config.json"), config.toString());
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
