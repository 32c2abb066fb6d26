package io.ociplane.security.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reloading, with a clock the test moves: when the file is looked at, and what a bad file leaves in force. */
class LiveAclTest {

    private static final String LOCAL_ALLOWED = "{\"assign\":[{\"url\":\"*://localhost\",\"role\":\"r\"}],"
            + "\"roles\":{\"r\":{\"default\":\"allowed\"}}}";
    private static final String LOCAL_BLOCKED = "{\"assign\":[{\"url\":\"*://localhost\",\"role\":\"r\"}],"
            + "\"roles\":{\"r\":{\"default\":\"blocked\",\"Controller\":{\"methods\":[\"status\"]}}}}";

    @TempDir
    Path dir;
    private Path file;
    private final TestFiles.MovableNanos nanos = new TestFiles.MovableNanos();
    private final Duration interval = Duration.ofNanos(LiveAcl.CHECK_INTERVAL_NANOS);

    @BeforeEach
    void setUp() {
        file = dir.resolve("acl.json");
    }

    private LiveAcl live() {
        return new LiveAcl(file, ProcessUser.uid(), nanos);
    }

    private static boolean mayActivate(LiveAcl acl) {
        return acl.current().allows("http://localhost", "Controller", "activate");
    }

    @Test
    void aChangeIsSeenAtTheNextLookNotBefore() throws IOException {
        TestFiles.write(file, LOCAL_ALLOWED);
        LiveAcl acl = live();
        assertTrue(mayActivate(acl));
        assertNull(acl.note());

        TestFiles.write(file, LOCAL_BLOCKED);
        nanos.advance(interval.minusMillis(1));
        assertTrue(mayActivate(acl), "looked at most every 500 ms");
        nanos.advance(Duration.ofMillis(1));
        assertFalse(mayActivate(acl));
        assertTrue(acl.current().allows("http://localhost", "Controller", "status"));
        assertNull(acl.note());
    }

    @Test
    void aFileReplacedByRenameIsSeen() throws IOException {
        TestFiles.write(file, LOCAL_ALLOWED);
        LiveAcl acl = live();
        Path next = TestFiles.write(dir.resolve("acl.json.new"), LOCAL_BLOCKED);
        Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        nanos.advance(interval);
        assertFalse(mayActivate(acl));
    }

    @Test
    void anUnchangedFileIsNotParsedAgain() throws IOException {
        TestFiles.write(file, LOCAL_ALLOWED);
        LiveAcl acl = live();
        AccessControlList first = acl.current();
        nanos.advance(Duration.ofSeconds(5));
        assertSame(first, acl.current());
    }

    @Test
    void aBrokenFileKeepsTheLastGoodOneAndSaysWhy() throws IOException {
        TestFiles.write(file, LOCAL_ALLOWED);
        LiveAcl acl = live();
        TestFiles.write(file, LOCAL_ALLOWED.replace("\"allowed\"", "\"yes\""));
        nanos.advance(interval);
        assertTrue(mayActivate(acl), "the last good ACL stays in force");
        assertEquals("ACL " + file + " not reloaded (roles.r.default must be \"allowed\" or \"blocked\"): the last good"
                + " one stays in force", acl.note());

        TestFiles.write(file, LOCAL_BLOCKED);
        nanos.advance(interval);
        assertFalse(mayActivate(acl));
        assertNull(acl.note(), "a fixed file clears the note");
    }

    @Test
    void withoutAGoodFileNothingIsAllowed() throws IOException {
        LiveAcl acl = live();
        assertSame(AccessControlList.NOTHING, acl.current());
        assertEquals("no ACL loaded from " + file + " (the file does not exist): tokens allow nothing", acl.note());

        TestFiles.write(file, "{\"assign\": [");
        nanos.advance(interval);
        assertFalse(mayActivate(acl));
        assertTrue(acl.note().startsWith("no ACL loaded from " + file + " (not valid JSON at line 1"), acl.note());

        TestFiles.write(file, LOCAL_ALLOWED);
        nanos.advance(interval);
        assertTrue(mayActivate(acl));
        assertNull(acl.note());
    }

    @Test
    void aDeletedFileKeepsTheLastGoodOne() throws IOException {
        TestFiles.write(file, LOCAL_ALLOWED);
        LiveAcl acl = live();
        Files.delete(file);
        nanos.advance(interval);
        assertTrue(mayActivate(acl));
        assertTrue(acl.note().contains("(the file does not exist): the last good one stays in force"), acl.note());
    }

    @Test
    void aFileOthersCanWriteIsRefused() throws IOException {
        TestFiles.write(file, LOCAL_ALLOWED, "rw-rw-r--");
        LiveAcl acl = live();
        assertFalse(mayActivate(acl));
        assertTrue(acl.note().contains("(it is writable by group or others (mode 0664))"), acl.note());

        TestFiles.write(file, LOCAL_ALLOWED, "rw-r--r--"); // chmod alone changes the file's ctime: seen
        nanos.advance(interval);
        assertTrue(mayActivate(acl));
        assertNull(acl.note());

        TestFiles.write(file, LOCAL_BLOCKED, "rw-r---w-");
        nanos.advance(interval);
        assertTrue(mayActivate(acl), "the last good ACL stays in force");
        assertTrue(acl.note().contains("(it is writable by group or others (mode 0642))"), acl.note());
    }

    @Test
    void aSymbolicLinkIsNotFollowed() throws IOException {
        Path real = TestFiles.write(dir.resolve("real.json"), LOCAL_ALLOWED);
        Files.createSymbolicLink(file, real);
        LiveAcl acl = live();
        assertFalse(mayActivate(acl));
        assertTrue(acl.note().contains("(it is a symbolic link (not followed))"), acl.note());
    }

    @Test
    void aDirectoryIsRefused() throws IOException {
        Files.createDirectory(file);
        assertTrue(live().note().contains("(it is not a regular file)"));
    }

    @Test
    void aFileOfAnotherUserIsRefused() throws IOException {
        assumeTrue(TestFiles.runningAsRoot(), "only root can give a file away");
        TestFiles.write(file, LOCAL_ALLOWED);
        Files.setAttribute(file, "unix:uid", 65534);
        LiveAcl acl = live();
        assertFalse(mayActivate(acl));
        assertTrue(acl.note().contains("(it is owned by uid 65534, not by root or this process's user (uid 0))"),
                acl.note());
    }

    @Test
    void aFileTooLargeIsRefused() throws IOException {
        TestFiles.write(file, LOCAL_ALLOWED + " ".repeat(LiveAcl.MAX_BYTES));
        assertTrue(live().note().contains("(it is larger than 1048576 bytes)"));
    }
}
