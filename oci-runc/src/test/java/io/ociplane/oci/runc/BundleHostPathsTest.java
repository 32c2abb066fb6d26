package io.ociplane.oci.runc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ociplane.oci.api.BundleStart;
import io.ociplane.oci.api.ContainerEvent;
import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerRef;
import io.ociplane.oci.api.ContainerException.Reason;

/**
 * Hostile bundles against real runc: a config.json that links to a root-only file or is not JSON (its content is
 * never quoted), linked bundle directories, bundles other users could change, and hostile rootfs and bind paths.
 */
class BundleHostPathsTest extends RealContainerTestBase {

    private static final String SECRET = "TOPSECRET-4711";
    private static final int OTHER_UID = 1000;
    private final ObjectMapper mapper = new ObjectMapper();

    private ContainerRef start(String id, Path bundle) throws ContainerException {
        return runtime.startFromBundle(new BundleStart(id, bundle.toString(), null, null, List.of(), null, null));
    }

    private ContainerException refused(Path bundle, String messagePart) throws Exception {
        ContainerException e = assertThrows(ContainerException.class, () -> start(newId("hostile"), bundle));
        assertEquals(Reason.INVALID_ARGUMENT, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains(messagePart), "'" + e.getMessage() + "' lacks '" + messagePart + "'");
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
        assertNoLeftovers();
        return e;
    }

    /** The config.json runc was given for container {@code id}: the copy in its workspace. */
    private JsonNode runConfig(String id) throws Exception {
        try (Stream<Path> s = Files.list(workspaceDir)) {
            Path ws = s.filter(p -> p.getFileName().toString().startsWith(id + ".")).findFirst().orElseThrow();
            return mapper.readTree(ws.resolve("config.json").toFile());
        }
    }

    @Test
    void aConfigLinkedToARootOnlyFileIsRefusedWithoutItsContent() throws Exception {
        Path secret = Files.writeString(tmp.resolve("secret"), SECRET + " {\"ociVersion\"");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Path bundle = bundles.bundle(tmp.resolve("b"), "/bin/sleep", "60");
        Files.delete(bundle.resolve("config.json"));
        Files.createSymbolicLink(bundle.resolve("config.json"), secret);
        refused(bundle, "config.json '" + bundle.resolve("config.json") + "' is a symbolic link");

        Files.delete(bundle.resolve("config.json"));
        Files.copy(secret, bundle.resolve("config.json"));
        refused(bundle, "the bundle's config.json is not valid JSON at line 1 column");
        Files.writeString(bundle.resolve("config.json"), "{\"ociVersion\": \"1.0.2\",\n \"process\": " + SECRET + "}");
        refused(bundle, "the bundle's config.json is not valid JSON at line 2 column");
    }

    @Test
    void aLinkedBundleDirectoryRunsByItsRealPath() throws Exception {
        Path bundle = bundles.bundle(tmp.resolve("b"), "/bin/sleep", "60");
        Path link = Files.createSymbolicLink(tmp.resolve("link"), bundle);
        String id = newId("linked");
        start(id, link);
        awaitEvent(ContainerEvent.Type.STARTED, id);
        assertEquals(bundle.toRealPath().resolve("rootfs").toString(), runConfig(id).at("/root/path").asText());
        runtime.stop(id, true);
        awaitEvent(ContainerEvent.Type.STOPPED, id);
        assertNoLeftovers();

        Path theirLink = Files.createSymbolicLink(tmp.resolve("their-link"), bundle);
        Files.setAttribute(theirLink, "unix:uid", OTHER_UID, LinkOption.NOFOLLOW_LINKS);
        refused(theirLink, "symbolic link of uid 1000");
    }

    @Test
    void bundlesOthersCouldChangeAreRefused() throws Exception {
        Path theirs = bundles.bundle(tmp.resolve("theirs"), "/bin/sleep", "60");
        Files.setAttribute(theirs, "unix:uid", OTHER_UID);
        refused(theirs, "could be replaced by uid 1000");

        Path writable = bundles.bundle(tmp.resolve("writable"), "/bin/sleep", "60");
        Files.setPosixFilePermissions(writable.resolve("config.json"), PosixFilePermissions.fromString("rw-rw-rw-"));
        refused(writable, "must be root's and writable by nobody else");
        Files.setPosixFilePermissions(writable.resolve("config.json"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.setAttribute(writable.resolve("config.json"), "unix:uid", OTHER_UID);
        refused(writable, "it is uid 1000's");

        Path open = bundles.bundle(tmp.resolve("open"), "/bin/sleep", "60");
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        refused(open, "could be replaced by other users");
    }

    @Test
    void rootfsPathsAreRealAndInsideWhatRootControls() throws Exception {
        Path bundle = bundles.bundle(tmp.resolve("b"), "/bin/sleep", "60");
        for (String[] bad : new String[][] { { "../b/rootfs", "leaves the bundle" }, { "/", "host's root" },
                { "/proc/1/root", "/proc or /sys" }, { "missing", "does not exist" } }) {
            ObjectNode c = bundles.config(bundle);
            c.withObjectProperty("root").put("path", bad[0]);
            bundles.writeConfig(bundle, c);
            refused(bundle, bad[1]);
        }
        Path moved = Files.move(bundle.resolve("rootfs"), tmp.resolve("elsewhere"));
        Files.createSymbolicLink(bundle.resolve("rootfs"), moved); // runc alone refuses a linked rootfs
        ObjectNode c = bundles.config(bundle);
        c.withObjectProperty("root").put("path", "rootfs");
        bundles.writeConfig(bundle, c);
        String id = newId("movedroot");
        start(id, bundle);
        awaitEvent(ContainerEvent.Type.STARTED, id);
        assertEquals(moved.toRealPath().toString(), runConfig(id).at("/root/path").asText());
        runtime.stop(id, true);
        awaitEvent(ContainerEvent.Type.STOPPED, id);
        assertNoLeftovers();
    }

    @Test
    void bindSourcesOfTheConfigFollowTheSameRules() throws Exception {
        Path bundle = bundles.bundle(tmp.resolve("b"), "/bin/sleep", "60");
        Files.createDirectories(bundle.resolve("rootfs/data"));
        Path data = Files.createDirectory(bundle.resolve("data"));
        Path theirLink = Files.createSymbolicLink(tmp.resolve("their-data"), data);
        Files.setAttribute(theirLink, "unix:uid", OTHER_UID, LinkOption.NOFOLLOW_LINKS);
        ObjectNode original = bundles.config(bundle);
        for (String[] bad : new String[][] { { theirLink.toString(), "symbolic link of uid 1000" },
                { "/proc/self/root", "/proc or /sys" }, { "../b/data", "leaves the bundle" },
                { "", "has no source" } }) {
            ObjectNode c = original.deepCopy();
            c.withArrayProperty("mounts").addObject().put("destination", "/data").put("type", "bind")
                    .put("source", bad[0]).putArray("options").add("rbind").add("ro");
            bundles.writeConfig(bundle, c);
            refused(bundle, bad[1]);
        }
        Path rootsLink = Files.createSymbolicLink(bundle.resolve("data-link"), data);
        ObjectNode c = original.deepCopy();
        c.withArrayProperty("mounts").addObject().put("destination", "/data").put("type", "bind")
                .put("source", bundle.relativize(rootsLink).toString()).putArray("options").add("rbind").add("ro");
        bundles.writeConfig(bundle, c);
        String id = newId("bound");
        start(id, bundle);
        awaitEvent(ContainerEvent.Type.STARTED, id);
        JsonNode mounts = runConfig(id).get("mounts");
        assertEquals(data.toRealPath().toString(), mounts.get(mounts.size() - 1).get("source").asText());
        runtime.stop(id, true);
        awaitEvent(ContainerEvent.Type.STOPPED, id);
        assertNoLeftovers();
    }
}
