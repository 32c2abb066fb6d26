package io.ociplane.security.agent.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ACL file as it is now. Changes are noticed lazily: a caller that asks for the ACL (each call a grant
 * checks, each status request) looks at the file when the last look is {@link #CHECK_INTERVAL_NANOS} old, so no
 * thread runs for it and an idle runtime does no file I/O. A file that cannot be used keeps the last good ACL in
 * force and says why in {@link #note()}; until one good file was read, tokens are allowed nothing.
 */
final class LiveAcl {

    private static final Logger LOG = LoggerFactory.getLogger(LiveAcl.class);

    static final long CHECK_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    static final int MAX_BYTES = 1 << 20;
    /**
     * File times tick coarsely (a few ms on Linux), so a rewrite of the same size within one tick after we read the
     * file would look unchanged. A file modified this recently is read again at the next look, whatever its stamp.
     */
    private static final long RECENT_MILLIS = 2000;

    private final Path path;
    private final int ownUid;
    private final LongSupplier nanoClock;
    private final ReentrantLock looking = new ReentrantLock();

    private volatile AccessControlList good;
    private volatile String note;
    private volatile long nextLookNanos;

    // guarded by looking
    private FileStamp seen;
    private boolean recentlyModified;
    private byte[] goodBytes;

    /**
     * Reads the file at once, so that the first grants already see it.
     *
     * @param ownUid the uid this process runs as ({@link ProcessUser#uid()}), which may own the file besides root
     * @param nanoClock {@link System#nanoTime()}, or a clock a test moves
     */
    LiveAcl(Path path, int ownUid, LongSupplier nanoClock) {
        this.path = path.toAbsolutePath();
        this.ownUid = ownUid;
        this.nanoClock = nanoClock;
        looking.lock();
        try {
            nextLookNanos = nanoClock.getAsLong() + CHECK_INTERVAL_NANOS;
            look();
        } finally {
            looking.unlock();
        }
    }

    /** The ACL in force; {@link AccessControlList#NOTHING} while none was ever loaded. */
    AccessControlList current() {
        lookIfDue();
        AccessControlList acl = good;
        return acl == null ? AccessControlList.NOTHING : acl;
    }

    /** Why the file in force is not the file on disk, or that there is none; {@code null} when all is well. */
    String note() {
        lookIfDue();
        return note;
    }

    Path path() {
        return path;
    }

    private void lookIfDue() {
        long now = nanoClock.getAsLong();
        if (now - nextLookNanos < 0 || !looking.tryLock()) { // whoever holds the lock is looking already
            return;
        }
        try {
            if (now - nextLookNanos >= 0) {
                nextLookNanos = now + CHECK_INTERVAL_NANOS;
                look();
            }
        } finally {
            looking.unlock();
        }
    }

    private void look() {
        FileStamp stamp;
        try {
            stamp = FileStamp.of(path);
        } catch (NoSuchFileException e) {
            seen = null;
            refuse("the file does not exist");
            return;
        } catch (IOException | RuntimeException e) {
            seen = null;
            refuse("cannot read its attributes: " + e);
            return;
        }
        if (stamp.equals(seen) && !recentlyModified) {
            return;
        }
        seen = stamp;
        String unsafe = unsafe(stamp);
        if (unsafe != null) {
            recentlyModified = false; // nothing was read, so there is no content to compare again
            refuse(unsafe);
            return;
        }
        byte[] bytes;
        try {
            bytes = read();
            if (!FileStamp.of(path).equals(stamp)) { // changed while we read: read it again at the next look
                seen = null;
                return;
            }
        } catch (IOException | RuntimeException e) {
            seen = null;
            refuse("cannot read it: " + e);
            return;
        }
        recentlyModified = System.currentTimeMillis() - stamp.modified().toMillis() < RECENT_MILLIS;
        if (bytes.length > MAX_BYTES) {
            refuse("it is larger than " + MAX_BYTES + " bytes");
            return;
        }
        if (good != null && Arrays.equals(bytes, goodBytes)) {
            accept(good, bytes, false);
            return;
        }
        try {
            accept(AclParser.parse(bytes), bytes, true);
        } catch (AclFormatException e) {
            refuse(e.getMessage());
        }
    }

    /** The hostile-path rules: only root or we may be able to change what tokens may do. */
    private String unsafe(FileStamp stamp) {
        if (stamp.isSymbolicLink()) {
            return "it is a symbolic link (not followed)";
        }
        if (!stamp.isRegularFile()) {
            return "it is not a regular file";
        }
        if (stamp.uid() != 0 && stamp.uid() != ownUid) {
            return "it is owned by uid " + stamp.uid() + ", not by root or this process's user (uid " + ownUid + ")";
        }
        if (stamp.writableByGroupOrOthers()) {
            return "it is writable by group or others (mode " + stamp.permissions() + ")";
        }
        if (stamp.size() > MAX_BYTES) {
            return "it is larger than " + MAX_BYTES + " bytes";
        }
        return null;
    }

    /** Reads at most one byte more than allowed, from the file itself (O_NOFOLLOW), so a swapped-in link fails. */
    private byte[] read() throws IOException {
        try (SeekableByteChannel in = Files.newByteChannel(path,
                Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(in.size(), MAX_BYTES) + 1);
            while (buffer.hasRemaining() && in.read(buffer) >= 0) {
                // keep reading: a read may return fewer bytes than asked
            }
            return Arrays.copyOf(buffer.array(), buffer.position());
        }
    }

    private void accept(AccessControlList acl, byte[] bytes, boolean changed) {
        boolean hadProblem = note != null;
        good = acl;
        goodBytes = bytes;
        note = null;
        if (changed) {
            LOG.info("SecurityAgent: ACL {} loaded ({} assignments, {} roles)", path, acl.assignmentCount(),
                    acl.roleCount());
        } else if (hadProblem) {
            LOG.info("SecurityAgent: ACL {} is usable again, unchanged", path);
        }
    }

    private void refuse(String why) {
        String text = good == null
                ? "no ACL loaded from " + path + " (" + why + "): tokens allow nothing"
                : "ACL " + path + " not reloaded (" + why + "): the last good one stays in force";
        if (!text.equals(note)) { // log each new problem once, not at every look
            if (good == null) {
                LOG.error("SecurityAgent: {}", text);
            } else {
                LOG.warn("SecurityAgent: {}", text);
            }
        }
        note = text;
    }
}
