package io.ociplane.jsonrpc.internal.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ociplane.jsonrpc.spi.CoreError;
import io.ociplane.jsonrpc.spi.JsonRpcException;

/** Controller.delete on real files, and the attacks on it: leaving the directory, links, other users' files. */
class PersistentDirectoryTest {

    @TempDir
    Path work;
    private Path dir;
    private Path outside;
    private PersistentDirectory persistent;

    @BeforeEach
    void files() throws IOException {
        dir = Files.createDirectory(work.resolve("Controller"));
        outside = Files.createDirectory(work.resolve("outside"));
        Files.writeString(outside.resolve("victim"), "keep");
        persistent = PersistentDirectory.ofRuntimeUser(dir);
    }

    private CoreError refusal(String path) {
        return assertThrows(JsonRpcException.class, () -> persistent.delete(path)).error();
    }

    @Test
    void aFileGoesADirectoryIsEmptiedAndStays() throws Exception {
        Files.writeString(dir.resolve("a.txt"), "x");
        Path sub = Files.createDirectories(dir.resolve("cache/deep/deeper"));
        Files.writeString(sub.resolve("f"), "x");
        Files.writeString(dir.resolve("cache/g"), "x");

        persistent.delete("a.txt");
        assertFalse(Files.exists(dir.resolve("a.txt")));
        persistent.delete("/cache/./deep/../"); // relative to the directory, normalised
        assertTrue(Files.isDirectory(dir.resolve("cache")));
        try (var left = Files.list(dir.resolve("cache"))) {
            assertEquals(0, left.count());
        }
        assertEquals(CoreError.UNKNOWN_KEY, refusal("a.txt"), "nothing there any more");
        assertEquals(CoreError.UNKNOWN_KEY, refusal("no/such/file"));
    }

    @Test
    void pathsThatLeaveAreRefused() throws Exception {
        assertEquals(CoreError.PRIVILIGED_REQUEST, refusal("../outside/victim"));
        assertEquals(CoreError.PRIVILIGED_REQUEST, refusal("x/../../outside/victim"));
        assertEquals(CoreError.PRIVILIGED_REQUEST, refusal(""), "the whole directory is not named by nothing");
        assertEquals(CoreError.PRIVILIGED_REQUEST, refusal("a\0b"));
        assertEquals(CoreError.PRIVILIGED_REQUEST, refusal("a/".repeat(3000)));
        assertEquals(List.of("x"), PersistentDirectory.components("a/../x"));
        assertTrue(Files.exists(outside.resolve("victim")));
    }

    @Test
    void linksAreNeverFollowed() throws Exception {
        Files.createSymbolicLink(dir.resolve("out"), outside);
        Files.createSymbolicLink(dir.resolve("victimLink"), outside.resolve("victim"));
        Path sub = Files.createDirectory(dir.resolve("sub"));
        Files.createSymbolicLink(sub.resolve("inner"), outside);

        assertEquals(CoreError.PRIVILIGED_REQUEST, refusal("out/victim"), "a link on the way");
        persistent.delete("victimLink"); // the link itself goes
        assertFalse(Files.exists(dir.resolve("victimLink"), LinkOption.NOFOLLOW_LINKS));
        persistent.delete("sub"); // emptied: the link in it goes, not what it points to
        assertFalse(Files.exists(sub.resolve("inner"), LinkOption.NOFOLLOW_LINKS));
        persistent.delete("out");
        assertTrue(Files.exists(outside.resolve("victim")), "nothing outside was touched");
        assertTrue(Files.isDirectory(outside));
    }

    @Test
    void otherUsersFilesAndWritableDirectoriesAreRefused() throws Exception {
        UserPrincipal nobody = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Path theirs = Files.writeString(dir.resolve("theirs"), "x");
        Files.setOwner(theirs, nobody);
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Files.writeString(shared.resolve("f"), "x");
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));

        assertEquals(CoreError.PRIVILIGED_REQUEST, refusal("theirs"));
        assertTrue(Files.exists(theirs));
        assertEquals(CoreError.PRIVILIGED_REQUEST, refusal("shared/f"));
        assertEquals(CoreError.PRIVILIGED_REQUEST, refusal("shared"));
        assertTrue(Files.exists(shared.resolve("f")));
    }

    @Test
    void withoutTheDirectoryNothingIsThere() throws Exception {
        Files.delete(dir);
        assertEquals(CoreError.UNKNOWN_KEY, refusal("a"));
    }

    @Test
    void withoutAKnownUserNothingGoes() throws Exception {
        Path f = Files.writeString(dir.resolve("f"), "x");
        JsonRpcException e = assertThrows(JsonRpcException.class, () -> new PersistentDirectory(dir, null).delete("f"));
        assertEquals(CoreError.PRIVILIGED_REQUEST, e.error());
        assertTrue(Files.exists(f));
    }
}
