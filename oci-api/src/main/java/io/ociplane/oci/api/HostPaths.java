package io.ociplane.oci.api;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * Rules for the host paths a caller, a container spec or a bundle names, which a provider running as root would
 * otherwise open, bind or write for them (docs/spec-safety.md). Every such path is taken as hostile:
 * <ul>
 * <li>a symbolic link on the way that root does not own is refused (another user chose where it leads);</li>
 * <li>the path is resolved once to its real path, which is what gets used from then on;</li>
 * <li>a real path that a user other than root could replace before it is used (a directory on the way owned by
 * someone else, or writable by others without the sticky bit protecting a root-owned entry) is refused;</li>
 * <li>{@code /proc} and {@code /sys} are refused where a file or directory is wanted: their entries lead to other
 * processes' files and to kernel settings.</li>
 * </ul>
 * Messages name paths and owners, never file contents.
 */
public final class HostPaths {

    private static final int ROOT = 0;
    private static final int TYPE_MASK = 0170000;
    private static final int SYMLINK = 0120000;
    private static final int DIRECTORY = 0040000;
    private static final int REGULAR = 0100000;
    private static final int WRITABLE_BY_OTHERS = 0022;
    private static final int STICKY = 01000;
    private static final Path PROC = Path.of("/proc");
    private static final Path SYS = Path.of("/sys");

    private HostPaths() {
    }

    /**
     * The real path of an existing absolute, clean path (see {@link ContainerIds#checkAbsolutePath}), refusing a
     * symbolic link on the way that root does not own.
     */
    public static Path realPath(String what, String path) throws ContainerException {
        Path given = Path.of(ContainerIds.checkAbsolutePath(what, path));
        Path prefix = given.getRoot();
        for (Path name : given) {
            prefix = prefix.resolve(name);
            Attributes a = attributes(what, path, prefix);
            if (a.isLink() && a.uid() != ROOT) {
                throw invalid(what + " '" + ContainerIds.shorten(path) + "' passes through a symbolic link of uid "
                        + a.uid() + " (" + ContainerIds.shorten(prefix.toString()) + "): refused");
            }
        }
        try {
            return given.toRealPath();
        } catch (IOException e) {
            throw invalid(what + " '" + ContainerIds.shorten(path) + "' cannot be resolved: " + why(e));
        }
    }

    /**
     * Refuses a real path that a user other than root could replace before it is used: every directory on the way
     * must belong to root and be writable by nobody else, unless it is sticky and the entry below it is root's.
     */
    public static Path checkStable(String what, Path real) throws ContainerException {
        Path parent = real.getRoot();
        Attributes p = attributes(what, real.toString(), parent);
        for (Path name : real) {
            Path child = parent.resolve(name);
            Attributes c = attributes(what, real.toString(), child);
            checkHolds(what, real, parent, p, c.uid() == ROOT);
            parent = child;
            p = c;
        }
        return real;
    }

    /** Refuses a path inside {@code /proc} or {@code /sys}. */
    public static Path checkNotKernel(String what, Path real) throws ContainerException {
        if (real.startsWith(PROC) || real.startsWith(SYS)) {
            throw invalid(what + " '" + ContainerIds.shorten(real.toString()) + "' is in /proc or /sys, which lead to"
                    + " other processes' files and kernel settings: refused");
        }
        return real;
    }

    /**
     * The real path of a bind mount source: resolved by {@link #realPath}, named and resolved outside /proc and
     * /sys, and stable.
     */
    public static Path bindSource(String what, String path) throws ContainerException {
        checkNotKernel(what, Path.of(ContainerIds.checkAbsolutePath(what, path)));
        return checkStable(what, checkNotKernel(what, realPath(what, path)));
    }

    /**
     * The real path of a directory in which root may keep files that nobody else can replace: resolved, outside
     * /proc and /sys, stable, and itself root's and writable by nobody else unless sticky.
     */
    public static Path safeDirectory(String what, String path) throws ContainerException {
        Path real = bindSource(what, path);
        Attributes a = attributes(what, path, real);
        if ((a.mode() & TYPE_MASK) != DIRECTORY) {
            throw invalid(what + " '" + ContainerIds.shorten(path) + "' is not a directory");
        }
        checkHolds(what, real, real, a, true);
        return real;
    }

    /**
     * The content of a file that decides what root does (an OCI config, a container spec), read without following a
     * link: it must be a regular file of root's that nobody else may write, at most {@code maxBytes} long, in a
     * {@link #safeDirectory}.
     */
    public static byte[] readRootFile(String what, Path file, int maxBytes) throws ContainerException {
        Path name = file.getFileName();
        if (name == null || file.getParent() == null) {
            throw invalid(what + " must name a file");
        }
        Path real = safeDirectory(what + "'s directory", file.getParent().toString()).resolve(name);
        Attributes a = attributes(what, file.toString(), real);
        if (a.isLink()) {
            throw invalid(what + " '" + ContainerIds.shorten(file.toString()) + "' is a symbolic link: refused");
        }
        if ((a.mode() & TYPE_MASK) != REGULAR) {
            throw invalid(what + " '" + ContainerIds.shorten(file.toString()) + "' is not a regular file");
        }
        if (a.uid() != ROOT || (a.mode() & WRITABLE_BY_OTHERS) != 0) {
            throw invalid(what + " '" + ContainerIds.shorten(file.toString()) + "' must be root's and writable by"
                    + " nobody else (it is uid " + a.uid() + "'s, mode " + Integer.toOctalString(a.mode() & 07777)
                    + ")");
        }
        try (FileChannel ch = FileChannel.open(real, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(ch.size(), maxBytes) + 1);
            while (buffer.hasRemaining() && ch.read(buffer) >= 0) {
                // reads until full or at the end
            }
            if (buffer.position() > maxBytes) {
                throw invalid(what + " '" + ContainerIds.shorten(file.toString()) + "' is larger than " + maxBytes
                        + " bytes");
            }
            byte[] out = new byte[buffer.position()];
            buffer.flip().get(out);
            return out;
        } catch (IOException e) {
            throw invalid(what + " '" + ContainerIds.shorten(file.toString()) + "' cannot be read: " + why(e));
        }
    }

    /** Whether directory {@code dir} keeps an entry (root's or not) from being replaced by anyone but root. */
    private static void checkHolds(String what, Path real, Path dir, Attributes d, boolean entryIsRoots)
            throws ContainerException {
        String named = what + " '" + ContainerIds.shorten(real.toString()) + "'";
        if (d.uid() != ROOT) {
            throw invalid(named + " could be replaced by uid " + d.uid() + ", who owns "
                    + ContainerIds.shorten(dir.toString()) + ": refused");
        }
        if ((d.mode() & WRITABLE_BY_OTHERS) != 0 && !((d.mode() & STICKY) != 0 && entryIsRoots)) {
            throw invalid(named + " could be replaced by other users, who may write to "
                    + ContainerIds.shorten(dir.toString()) + ": refused");
        }
    }

    private record Attributes(int uid, int mode) {

        boolean isLink() {
            return (mode & TYPE_MASK) == SYMLINK;
        }
    }

    private static Attributes attributes(String what, String named, Path p) throws ContainerException {
        try {
            Map<String, Object> a = Files.readAttributes(p, "unix:uid,mode", LinkOption.NOFOLLOW_LINKS);
            return new Attributes((Integer) a.get("uid"), (Integer) a.get("mode"));
        } catch (NoSuchFileException e) {
            throw invalid(what + " '" + ContainerIds.shorten(named) + "' does not exist");
        } catch (IOException | UnsupportedOperationException e) {
            throw invalid(what + " '" + ContainerIds.shorten(named) + "' cannot be examined: " + why(e));
        }
    }

    /** The reason of a file system failure without the paths the exception may repeat. */
    private static String why(Exception e) {
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getClass().getSimpleName();
    }

    private static ContainerException invalid(String message) {
        return new ContainerException(ContainerException.Reason.INVALID_ARGUMENT, message);
    }
}
