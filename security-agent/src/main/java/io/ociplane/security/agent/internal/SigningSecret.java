package io.ociplane.security.agent.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Set;

/**
 * The key tokens are signed with: 32 random bytes in {@code <stateDir>/token.secret}, made on first start and
 * kept across restarts. Whoever can read it can make tokens, so it must be this process's own file, readable by
 * nobody else; anything else is refused rather than repaired, since it means someone else may know the key.
 * Deleting the file and restarting the plugin makes a new key (docs/security-agent.md "Rotation").
 */
final class SigningSecret {

    static final String FILE_NAME = "token.secret";
    static final int LENGTH = 32;

    private SigningSecret() {
    }

    /**
     * @param stateDir the directory of the secret, created with mode 0700 when missing
     * @param ownUid the uid this process runs as ({@link ProcessUser#uid()}), which must own the file
     * @return the secret
     * @throws SecretRefusedException when the directory or file is not safe
     * @throws IOException when they cannot be read or made
     */
    static byte[] loadOrCreate(Path stateDir, int ownUid) throws IOException {
        Path dir = stateDir.toAbsolutePath();
        checkDirectory(dir, ownUid);
        Path file = dir.resolve(FILE_NAME);
        for (int attempt = 0; attempt < 2; attempt++) {
            FileStamp stamp;
            try {
                stamp = FileStamp.of(file);
            } catch (NoSuchFileException e) {
                byte[] made = create(dir, file);
                if (made != null) {
                    return made;
                }
                continue; // another instance made it first: use theirs
            }
            checkFile(file, stamp, ownUid);
            return read(file);
        }
        throw new IOException(file + " keeps appearing and disappearing");
    }

    private static void checkDirectory(Path dir, int ownUid) throws IOException {
        FileStamp stamp;
        try {
            stamp = FileStamp.ofTarget(dir);
        } catch (NoSuchFileException e) {
            Path parent = dir.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------")); // whatever the umask
            } catch (FileAlreadyExistsException raced) {
                // made meanwhile by someone else: judged below like any existing directory
            }
            stamp = FileStamp.ofTarget(dir);
        }
        if (!stamp.isDirectory()) {
            throw new SecretRefusedException("state directory " + dir + " is not a directory");
        }
        if (stamp.uid() != 0 && stamp.uid() != ownUid) {
            throw new SecretRefusedException("state directory " + dir + " is owned by uid " + stamp.uid()
                    + ", not by root or this process's user (uid " + ownUid + ")");
        }
        if (stamp.writableByGroupOrOthers()) { // others could swap the secret file for one they know
            throw new SecretRefusedException("state directory " + dir + " is writable by group or others (mode "
                    + stamp.permissions() + "); make it 0700");
        }
    }

    private static void checkFile(Path file, FileStamp stamp, int ownUid) throws SecretRefusedException {
        String why = null;
        if (stamp.isSymbolicLink()) {
            why = "is a symbolic link";
        } else if (!stamp.isRegularFile()) {
            why = "is not a regular file";
        } else if (stamp.uid() != ownUid) {
            why = "is owned by uid " + stamp.uid() + ", not by this process's user (uid " + ownUid + ")";
        } else if (stamp.anyGroupOrOtherBits()) {
            why = "is accessible to group or others (mode " + stamp.permissions() + "); it must be 0600";
        } else if (stamp.size() != LENGTH) {
            why = "is " + stamp.size() + " bytes long, not " + LENGTH;
        }
        if (why != null) {
            throw new SecretRefusedException("token secret " + file + " " + why
                    + "; remove it to make a new one (earlier tokens then stop being valid)");
        }
    }

    /** Reads through O_NOFOLLOW, so a link put in place after the check is not followed. */
    private static byte[] read(Path file) throws IOException {
        try (SeekableByteChannel in = Files.newByteChannel(file,
                Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
            ByteBuffer buffer = ByteBuffer.allocate(LENGTH + 1);
            while (buffer.hasRemaining() && in.read(buffer) >= 0) {
                // a read may return fewer bytes than asked
            }
            if (buffer.position() != LENGTH) {
                throw new SecretRefusedException("token secret " + file + " is not " + LENGTH + " bytes long");
            }
            return Arrays.copyOf(buffer.array(), LENGTH);
        }
    }

    /**
     * Writes a new secret to a 0600 temporary file in the same directory, syncs it, and links it in under its name
     * at once, so that no one ever sees a partial or readable secret. A hard link (unlike a rename) fails when the
     * name exists, so two instances starting together never replace each other's secret.
     *
     * @return the secret, or {@code null} when the file appeared meanwhile
     */
    private static byte[] create(Path dir, Path file) throws IOException {
        byte[] secret = new byte[LENGTH];
        new SecureRandom().nextBytes(secret);
        Path temporary = Files.createTempFile(dir, "." + FILE_NAME + ".", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(secret);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            try {
                Files.createLink(file, temporary);
            } catch (FileAlreadyExistsException e) {
                return null;
            } catch (UnsupportedOperationException | IOException noHardLinks) {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
        syncDirectory(dir);
        return secret;
    }

    /** Makes the new name survive a power cut; best effort, as not every file system can sync a directory. */
    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // the secret is written; at worst a crash right now loses it and the next start makes another
        }
    }
}
