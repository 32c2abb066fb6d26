package io.ociplane.oci.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** The host path rules on real files: links and directories of another user, sticky and shared directories. */
class HostPathsTest {

    private static final int OTHER_UID = 1000;

    @TempDir
    Path tmp;

    @BeforeEach
    void needsRoot() throws IOException {
        assumeTrue(Files.getAttribute(tmp, "unix:uid").equals(0), "needs root (files of other users)");
    }

    private static void refused(String messagePart, Executable call) {
        ContainerException e = assertThrows(ContainerException.class, call);
        assertEquals(ContainerException.Reason.INVALID_ARGUMENT, e.reason());
        assertTrue(e.getMessage().contains(messagePart), "'" + e.getMessage() + "' lacks '" + messagePart + "'");
    }

    private static Path ownedBy(Path p, int uid) throws IOException {
        Files.setAttribute(p, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        return p;
    }

    private static Path mode(Path p, String mode) throws IOException {
        return Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
    }

    @Test
    void realPathFollowsRootsLinksOnlyAndResolvesOnce() throws Exception {
        Path data = Files.createDirectory(tmp.resolve("data"));
        Path rootsLink = Files.createSymbolicLink(tmp.resolve("roots"), data);
        assertEquals(data.toRealPath(), HostPaths.realPath("source", rootsLink + "/"));
        Path foreign = ownedBy(Files.createSymbolicLink(tmp.resolve("foreign"), data), OTHER_UID);
        refused("symbolic link of uid 1000", () -> HostPaths.realPath("source", foreign.toString()));
        refused("symbolic link of uid 1000", () -> HostPaths.realPath("source", foreign + "/x"));
        refused("does not exist", () -> HostPaths.realPath("source", tmp + "/missing"));
        refused("absolute", () -> HostPaths.realPath("source", "relative/path"));
        refused("'..'", () -> HostPaths.realPath("source", tmp + "/data/../data"));
    }

    @Test
    void stablePathsCannotBeReplacedByOthers() throws Exception {
        Path mine = Files.createDirectory(tmp.resolve("mine"));
        assertEquals(mine, HostPaths.checkStable("source", mine.toRealPath()));
        Path theirs = ownedBy(Files.createDirectory(tmp.resolve("theirs")), OTHER_UID);
        Path inTheirs = Files.createDirectory(theirs.resolve("x"));
        refused("replaced by uid 1000", () -> HostPaths.checkStable("source", inTheirs.toRealPath()));
        Path shared = mode(Files.createDirectory(tmp.resolve("shared")), "rwxrwxrwx");
        Path inShared = Files.createDirectory(shared.resolve("x"));
        refused("other users", () -> HostPaths.checkStable("source", inShared.toRealPath()));
        Path sticky = Files.createDirectory(tmp.resolve("sticky"));
        Files.setAttribute(sticky, "unix:mode", 01777);
        Path rootsInSticky = Files.createDirectory(sticky.resolve("roots"));
        assertEquals(rootsInSticky, HostPaths.checkStable("source", rootsInSticky.toRealPath()));
        Path usersInSticky = ownedBy(Files.createDirectory(sticky.resolve("users")), OTHER_UID);
        refused("other users", () -> HostPaths.checkStable("source", usersInSticky.toRealPath()));
    }

    @Test
    void bindSourcesStayOutOfProcAndSys() throws Exception {
        for (String kernel : new String[] { "/proc/1/root", "/proc/self/fd/0", "/sys/kernel", "/proc" }) {
            refused("/proc or /sys", () -> HostPaths.bindSource("source", kernel));
        }
        Path link = Files.createSymbolicLink(tmp.resolve("toproc"), Path.of("/proc/self"));
        refused("/proc or /sys", () -> HostPaths.bindSource("source", link.toString()));
        assertEquals(Path.of("/usr"), HostPaths.bindSource("source", "/usr"));
    }

    @Test
    void safeDirectoriesAreRootsAndClosedOrSticky() throws Exception {
        assertEquals(tmp.toRealPath(), HostPaths.safeDirectory("dir", tmp.toString()));
        Path sticky = Files.createDirectory(tmp.resolve("sticky"));
        Files.setAttribute(sticky, "unix:mode", 01777);
        assertEquals(sticky.toRealPath(), HostPaths.safeDirectory("dir", sticky.toString()));
        Path open = mode(Files.createDirectory(tmp.resolve("open")), "rwxrwxrwx");
        refused("other users", () -> HostPaths.safeDirectory("dir", open.toString()));
        Path theirs = ownedBy(Files.createDirectory(tmp.resolve("theirs")), OTHER_UID);
        refused("uid 1000", () -> HostPaths.safeDirectory("dir", theirs.toString()));
        Path file = Files.createFile(tmp.resolve("file"));
        refused("not a directory", () -> HostPaths.safeDirectory("dir", file.toString()));
    }

    @Test
    void rootFilesAreReadWithoutFollowingLinksAndNeverQuoted() throws Exception {
        Path config = Files.writeString(tmp.resolve("config.json"), "{\"ociVersion\":\"1.0.2\"}");
        assertArrayEquals(Files.readAllBytes(config), HostPaths.readRootFile("config.json", config, 1024));
        refused("larger than 10 bytes", () -> HostPaths.readRootFile("config.json", config, 10));

        Path secret = mode(Files.writeString(tmp.resolve("secret"), "TOPSECRET-TOKEN"), "rw-------");
        Path link = Files.createSymbolicLink(tmp.resolve("linked.json"), secret);
        ContainerException e = assertThrows(ContainerException.class,
                () -> HostPaths.readRootFile("config.json", link, 1024));
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
        assertFalse(e.getMessage().contains("TOPSECRET"), e.getMessage());

        Path writable = mode(Files.writeString(tmp.resolve("writable.json"), "{}"), "rw-rw-rw-");
        refused("writable by nobody else", () -> HostPaths.readRootFile("config.json", writable, 1024));
        Path theirs = ownedBy(Files.writeString(tmp.resolve("theirs.json"), "{}"), OTHER_UID);
        refused("uid 1000", () -> HostPaths.readRootFile("config.json", theirs, 1024));
        Path dir = Files.createDirectory(tmp.resolve("dir.json"));
        refused("not a regular file", () -> HostPaths.readRootFile("config.json", dir, 1024));
        refused("does not exist", () -> HostPaths.readRootFile("config.json", tmp.resolve("none.json"), 1024));
        Path open = mode(Files.createDirectory(tmp.resolve("open")), "rwxrwxrwx");
        Path inOpen = Files.writeString(open.resolve("config.json"), "{}");
        refused("other users", () -> HostPaths.readRootFile("config.json", inOpen, 1024));
    }
}
