package io.ociplane.oci.runc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ociplane.oci.api.ContainerEvent;
import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerRef;
import io.ociplane.oci.api.ContainerException.Reason;
import io.ociplane.oci.api.SpecStart;

/**
 * Hostile host paths in Dobby specs against real runc: console files that exist, are links or lie in directories
 * others can write, and bind sources through other users' links or into /proc. Whatever is refused is left as it
 * was, and nothing of the attempt remains.
 */
class SpecHostPathsTest extends RealContainerTestBase {

    private static final String PRECIOUS = "root's data, not to be touched\n";
    private static final int OTHER_UID = 1000;

    private ContainerRef start(String id, ObjectNode spec) throws ContainerException {
        return runtime.startFromSpec(new SpecStart(id, spec.toString(), null, null, List.of()));
    }

    private ContainerException refused(ObjectNode spec, String messagePart) throws Exception {
        ContainerException e = assertThrows(ContainerException.class, () -> start(newId("hostile"), spec));
        assertEquals(Reason.INVALID_ARGUMENT, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains(messagePart), "'" + e.getMessage() + "' lacks '" + messagePart + "'");
        assertNoLeftovers();
        return e;
    }

    private Path precious(String name) throws Exception {
        Path file = Files.writeString(tmp.resolve(name), PRECIOUS);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    @Test
    void anExistingRootFileIsNeitherTruncatedNorOverwritten() throws Exception {
        Path victim = precious("victim");
        for (int limit : new int[] { 0, 10, -1 }) {
            ObjectNode spec = TestSpecs.sleepy(victim, "sh", "-c", "echo overwritten");
            spec.withObjectProperty("console").put("limit", limit);
            refused(spec, "exists and is not the console file ociplane created for container");
            assertEquals(PRECIOUS, Files.readString(victim), "limit " + limit);
        }
    }

    @Test
    void aLinkAtTheConsolePathIsRefusedAndItsTargetUntouched() throws Exception {
        Path victim = precious("victim");
        Path link = Files.createSymbolicLink(tmp.resolve("console.log"), victim);
        ObjectNode spec = TestSpecs.sleepy(link, "sh", "-c", "echo overwritten");
        spec.withObjectProperty("console").put("limit", 0);
        refused(spec, "exists and is not the console file");
        assertEquals(PRECIOUS, Files.readString(victim));
        assertTrue(Files.isSymbolicLink(link));

        Path dangling = Files.createSymbolicLink(tmp.resolve("dangling.log"), tmp.resolve("created-through-link"));
        refused(TestSpecs.sleepy(dangling, "true"), "exists and is not the console file");
        assertFalse(Files.exists(tmp.resolve("created-through-link"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void consoleDirectoriesMustBeOnesOnlyRootCanChange() throws Exception {
        Path open = Files.createDirectory(tmp.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        refused(TestSpecs.sleepy(open.resolve("c.log"), "true"), "could be replaced by other users");
        Path theirs = Files.createDirectory(tmp.resolve("theirs"));
        Files.setAttribute(theirs, "unix:uid", OTHER_UID);
        refused(TestSpecs.sleepy(theirs.resolve("c.log"), "true"), "could be replaced by uid 1000");
        Path theirLink = Files.createSymbolicLink(tmp.resolve("theirlink"), Files.createDirectory(tmp.resolve("d")));
        Files.setAttribute(theirLink, "unix:uid", OTHER_UID, LinkOption.NOFOLLOW_LINKS);
        refused(TestSpecs.sleepy(theirLink.resolve("c.log"), "true"), "symbolic link of uid 1000");
        refused(TestSpecs.sleepy(tmp.resolve("missing/c.log"), "true"), "does not exist");
        refused(TestSpecs.sleepy(Path.of("/proc/self/c.log"), "true"), "/proc or /sys");
        assertEquals(List.of(), List.of(open.toFile().list()));
        assertFalse(Files.exists(theirs.resolve("c.log")));
    }

    @Test
    void aFreshConsoleFileWorksAndIsUsedAgainOnlyByItsContainer() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("logs"));
        Path linkToDir = Files.createSymbolicLink(tmp.resolve("logs-link"), dir); // root's link: followed once
        Path console = linkToDir.resolve("app.log");
        String id = newId("logger");
        start(id, TestSpecs.sleepy(console, "sh", "-c", "echo first run"));
        awaitEvent(ContainerEvent.Type.STARTED, id);
        awaitEvent(ContainerEvent.Type.STOPPED, id);
        assertEquals("first run\n", Files.readString(dir.resolve("app.log")));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("app.log"))));
        assertNoLeftovers();

        start(id, TestSpecs.sleepy(console, "sh", "-c", "echo second run"));
        awaitEvent(ContainerEvent.Type.STARTED, id);
        awaitEvent(ContainerEvent.Type.STOPPED, id);
        assertEquals("second run\n", Files.readString(dir.resolve("app.log")), "its own file, emptied");

        refused(TestSpecs.sleepy(console, "sh", "-c", "echo another"), "created for container");
        assertEquals("second run\n", Files.readString(dir.resolve("app.log")), "another container's is left as it is");

        runtime = open(); // the ledger is in the state directory: a new provider knows the file
        start(id, TestSpecs.sleepy(console, "sh", "-c", "echo third run"));
        awaitEvent(ContainerEvent.Type.STARTED, id);
        awaitEvent(ContainerEvent.Type.STOPPED, id);
        assertEquals("third run\n", Files.readString(dir.resolve("app.log")));
        assertNoLeftovers();
    }

    @Test
    void bindSourcesFollowOnlyRootsLinksAndStayOutOfProc() throws Exception {
        Path data = Files.createDirectory(tmp.resolve("data"));
        Files.writeString(data.resolve("seen-inside"), "");
        Path secret = Files.createDirectory(tmp.resolve("secret"));
        Path theirLink = Files.createSymbolicLink(tmp.resolve("their-data"), secret);
        Files.setAttribute(theirLink, "unix:uid", OTHER_UID, LinkOption.NOFOLLOW_LINKS);
        Path theirs = Files.createDirectory(tmp.resolve("theirs"));
        Files.setAttribute(theirs, "unix:uid", OTHER_UID);
        Path inTheirs = Files.createDirectory(theirs.resolve("data"));
        for (String source : List.of(theirLink.toString(), "/proc/1/root", "/proc/self/cwd", "/sys/kernel",
                inTheirs.toString())) {
            ObjectNode spec = TestSpecs.sleepy(tmp.resolve(newId("c") + ".log"), "true");
            spec.withArrayProperty("mounts").addObject().put("source", source).put("destination", "/data")
                    .put("type", "bind").putArray("options").add("rbind").add("ro");
            refused(spec, source.startsWith("/proc") || source.startsWith("/sys") ? "/proc or /sys"
                    : source.equals(inTheirs.toString()) ? "could be replaced by uid 1000" : "symbolic link of uid 1000");
        }
        ObjectNode root = TestSpecs.sleepy(tmp.resolve("root.log"), "true");
        root.withArrayProperty("mounts").addObject().put("source", "/").put("destination", "/").put("type", "bind");
        refused(root, "root directory");

        Path rootsLink = Files.createSymbolicLink(tmp.resolve("data-link"), data);
        Path console = tmp.resolve("bound.log");
        ObjectNode spec = TestSpecs.sleepy(console, "ls", "/data");
        spec.withArrayProperty("mounts").addObject().put("source", rootsLink.toString()).put("destination", "/data")
                .put("type", "bind").putArray("options").add("rbind").add("ro");
        String id = newId("bound");
        start(id, spec);
        awaitEvent(ContainerEvent.Type.STARTED, id);
        awaitEvent(ContainerEvent.Type.STOPPED, id);
        await("the listing", Duration.ofSeconds(5), () -> read(console).equals("seen-inside\n"));
        assertNoLeftovers();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
