package io.ociplane.security.agent.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningSecretTest {

    @TempDir
    Path temp;

    private final int me = ProcessUser.uid();

    private Path stateDir() {
        return temp.resolve("state/security");
    }

    private String refusal(Path dir) {
        return assertThrows(SecretRefusedException.class, () -> SigningSecret.loadOrCreate(dir, me)).getMessage();
    }

    @Test
    void madeOnFirstStartInAPrivateDirectoryAndKept() throws IOException {
        byte[] first = SigningSecret.loadOrCreate(stateDir(), me);
        assertEquals(32, first.length);
        assertFalse(Arrays.equals(new byte[32], first));
        Path file = stateDir().resolve("token.secret");
        assertEquals("rwx------", TestFiles.mode(stateDir()));
        assertEquals("rw-------", TestFiles.mode(file));
        assertArrayEquals(first, Files.readAllBytes(file));
        try (var left = Files.list(stateDir())) {
            assertEquals(1, left.count(), "no temporary file is left behind");
        }
        assertArrayEquals(first, SigningSecret.loadOrCreate(stateDir(), me), "a restart reads the same secret");
    }

    @Test
    void deletingTheFileMakesANewSecret() throws IOException {
        byte[] first = SigningSecret.loadOrCreate(stateDir(), me);
        Files.delete(stateDir().resolve("token.secret"));
        byte[] second = SigningSecret.loadOrCreate(stateDir(), me);
        assertFalse(Arrays.equals(first, second));
        assertArrayEquals(second, SigningSecret.loadOrCreate(stateDir(), me));
    }

    @Test
    void aSymbolicLinkIsRefused() throws IOException {
        Files.createDirectories(stateDir());
        Path elsewhere = TestFiles.write(temp.resolve("elsewhere"), "0123456789abcdef0123456789abcdef", "rw-------");
        Files.createSymbolicLink(stateDir().resolve("token.secret"), elsewhere);
        assertTrue(refusal(stateDir()).contains("token.secret is a symbolic link"));
    }

    @Test
    void aSecretOthersCanReadIsRefused() throws IOException {
        SigningSecret.loadOrCreate(stateDir(), me);
        Path file = stateDir().resolve("token.secret");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        assertTrue(refusal(stateDir()).contains("is accessible to group or others (mode 0640); it must be 0600"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw----r--"));
        assertTrue(refusal(stateDir()).contains("(mode 0604)"));
    }

    @Test
    void aSecretOfTheWrongSizeOrKindIsRefused() throws IOException {
        Files.createDirectories(stateDir());
        Path file = TestFiles.write(stateDir().resolve("token.secret"), "short", "rw-------");
        assertTrue(refusal(stateDir()).contains("is 5 bytes long, not 32"));
        Files.delete(file);
        Files.createDirectory(file);
        assertTrue(refusal(stateDir()).contains("is not a regular file"));
    }

    @Test
    void aSecretOfAnotherUserIsRefused() throws IOException {
        SigningSecret.loadOrCreate(stateDir(), me);
        String message = assertThrows(SecretRefusedException.class,
                () -> SigningSecret.loadOrCreate(stateDir(), me + 4242)).getMessage();
        // as root the directory passes (root may own it) and the file is refused; otherwise the directory already is
        assertTrue(message.contains("is owned by uid " + me), message);
    }

    @Test
    void aStateDirectoryOthersCanWriteIsRefused() throws IOException {
        Files.createDirectories(stateDir());
        Files.setPosixFilePermissions(stateDir(), PosixFilePermissions.fromString("rwxrwx---"));
        assertTrue(refusal(stateDir()).contains("is writable by group or others (mode 0770); make it 0700"));
        Files.setPosixFilePermissions(stateDir(), PosixFilePermissions.fromString("rwxr-xr-x"));
        assertEquals(32, SigningSecret.loadOrCreate(stateDir(), me).length, "readable is fine, writable is not");
    }

    @Test
    void aStateDirectoryOfAnotherUserIsRefused() throws IOException {
        assumeTrue(TestFiles.runningAsRoot(), "only root can give a directory away");
        Files.createDirectories(stateDir(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.setAttribute(stateDir(), "unix:uid", 65534);
        assertTrue(refusal(stateDir()).contains("is owned by uid 65534, not by root or this process's user"));
    }

    @Test
    void aStateDirectoryThatIsAFileIsRefused() throws IOException {
        Files.createDirectories(temp.resolve("state"));
        TestFiles.write(stateDir(), "x");
        assertTrue(refusal(stateDir()).contains("is not a directory"));
    }
}
