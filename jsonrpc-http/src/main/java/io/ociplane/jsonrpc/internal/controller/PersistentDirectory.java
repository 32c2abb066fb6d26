package io.ociplane.jsonrpc.internal.controller;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;

import io.ociplane.jsonrpc.spi.CoreError;
import io.ociplane.jsonrpc.spi.JsonRpcException;

/**
 * The Controller's own persistent directory ({@code <persistentPath>/Controller/}) and {@code Controller.delete}
 * in it (docs/controller-system.md). The path a caller names is hostile: it is taken relative to the directory,
 * must stay inside it ({@code ..} that leaves is refused), is walked one component at a time without following a
 * symbolic link (a link on the way is refused; a link named last is removed itself, never its target), through
 * directory handles so nothing swapped in meanwhile is followed, and only the runtime user's own files go.
 */
public final class PersistentDirectory {

    /** Longest path accepted, in characters (Linux's PATH_MAX). */
    static final int MAX_PATH = 4096;
    /** Deepest directory emptied; deeper trees are refused rather than walked without end. */
    static final int MAX_DEPTH = 64;

    private final Path dir;
    private final UserPrincipal owner;

    /**
     * @param dir the Controller's persistent directory
     * @param owner the user whose files may be deleted (the runtime's)
     */
    public PersistentDirectory(Path dir, UserPrincipal owner) {
        this.dir = dir;
        this.owner = owner;
    }

    /**
     * The directory, whose files may be deleted when they are the runtime user's: the owner of {@code /proc/self}
     * (the process's effective user), else the user named by {@code user.name}; when neither can be read, nothing
     * is deleted (every delete is refused with the reason).
     */
    public static PersistentDirectory ofRuntimeUser(Path dir) {
        UserPrincipal user;
        try {
            user = Files.getOwner(Path.of("/proc/self"));
        } catch (IOException | UnsupportedOperationException e) {
            try {
                user = dir.getFileSystem().getUserPrincipalLookupService()
                        .lookupPrincipalByName(System.getProperty("user.name"));
            } catch (IOException | UnsupportedOperationException e2) {
                user = null;
            }
        }
        return new PersistentDirectory(dir, user);
    }

    public Path path() {
        return dir;
    }

    /**
     * Thunder's {@code delete}: a file goes, a directory is emptied and stays.
     *
     * @throws JsonRpcException 24 for a path outside the directory, through a link or someone else's; 22 when
     *             nothing is there; 18 when a removal fails
     */
    public void delete(String path) throws JsonRpcException {
        List<String> names = components(path);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new JsonRpcException(CoreError.UNKNOWN_KEY, null, "nothing at '" + path + "': the Controller's "
                    + "persistent directory " + dir + " does not exist");
        }
        try (DirectoryStream<Path> root = Files.newDirectoryStream(dir)) {
            if (!(root instanceof SecureDirectoryStream<Path> top)) {
                throw new JsonRpcException(CoreError.PRIVILIGED_REQUEST, null,
                        "this file system cannot delete without following links; refused");
            }
            requireOurs(Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS), path,
                    "the directory " + dir);
            if (names.isEmpty()) {
                empty(top, 0, path);
                return;
            }
            List<SecureDirectoryStream<Path>> opened = new ArrayList<>();
            try {
                SecureDirectoryStream<Path> at = top;
                for (int i = 0; i < names.size() - 1; i++) {
                    at = openDirectory(at, names.get(i), path);
                    opened.add(at);
                }
                remove(at, names.get(names.size() - 1), path);
            } finally {
                for (SecureDirectoryStream<Path> d : opened) {
                    d.close();
                }
            }
        } catch (IOException e) {
            throw new JsonRpcException(CoreError.DESTRUCTION_FAILED, null, "could not delete '" + path + "': " + e);
        }
    }

    /**
     * The path's names, relative to the directory, with {@code .} and {@code ..} resolved; a leading {@code /}
     * is relative to the directory too (Thunder appends the path to it). An empty path (the whole directory) is
     * refused, as R5.3 does.
     */
    static List<String> components(String path) throws JsonRpcException {
        if (path == null || path.isEmpty() || path.length() > MAX_PATH || path.indexOf('\0') >= 0) {
            throw new JsonRpcException(CoreError.PRIVILIGED_REQUEST, null, path == null || path.isEmpty()
                    ? "name a path inside the Controller's persistent directory"
                    : "the path is longer than " + MAX_PATH + " characters or holds a NUL");
        }
        List<String> names = new ArrayList<>();
        for (String name : path.split("/")) {
            if (name.isEmpty() || name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                if (names.isEmpty()) {
                    throw new JsonRpcException(CoreError.PRIVILIGED_REQUEST, null,
                            "'" + path + "' leaves the Controller's persistent directory");
                }
                names.remove(names.size() - 1);
            } else {
                names.add(name);
            }
        }
        return names;
    }

    private SecureDirectoryStream<Path> openDirectory(SecureDirectoryStream<Path> at, String name, String path)
            throws IOException, JsonRpcException {
        PosixFileAttributes a = attributes(at, name, path);
        if (a.isSymbolicLink()) {
            throw new JsonRpcException(CoreError.PRIVILIGED_REQUEST, null,
                    "'" + path + "' goes through the symbolic link '" + name + "'; refused");
        }
        if (!a.isDirectory()) {
            throw new JsonRpcException(CoreError.UNKNOWN_KEY, null, "nothing at '" + path + "': '" + name
                    + "' is not a directory");
        }
        requireOurs(a, path, "'" + name + "'");
        try {
            return at.newDirectoryStream(Path.of(name), LinkOption.NOFOLLOW_LINKS);
        } catch (FileSystemException e) { // replaced by a link since it was looked at
            throw new JsonRpcException(CoreError.PRIVILIGED_REQUEST, null, "'" + name + "' changed while it was opened");
        }
    }

    private void remove(SecureDirectoryStream<Path> at, String name, String path) throws IOException, JsonRpcException {
        PosixFileAttributes a = attributes(at, name, path);
        requireOurs(a, path, "'" + name + "'");
        if (a.isDirectory()) {
            try (SecureDirectoryStream<Path> d = at.newDirectoryStream(Path.of(name), LinkOption.NOFOLLOW_LINKS)) {
                empty(d, 1, path);
            }
        } else {
            at.deleteFile(Path.of(name)); // a link goes itself, never its target
        }
    }

    /** Removes everything in a directory, depth first, never following a link. */
    private void empty(SecureDirectoryStream<Path> d, int depth, String path) throws IOException, JsonRpcException {
        if (depth > MAX_DEPTH) {
            throw new JsonRpcException(CoreError.DESTRUCTION_FAILED, null,
                    "'" + path + "' is deeper than " + MAX_DEPTH + " directories; not emptied");
        }
        List<String> names = new ArrayList<>();
        for (Path p : d) {
            names.add(p.getFileName().toString());
        }
        for (String name : names) {
            PosixFileAttributes a = attributes(d, name, path);
            requireOurs(a, path, "'" + name + "'");
            if (a.isDirectory()) {
                try (SecureDirectoryStream<Path> sub = d.newDirectoryStream(Path.of(name), LinkOption.NOFOLLOW_LINKS)) {
                    empty(sub, depth + 1, path);
                }
                d.deleteDirectory(Path.of(name));
            } else {
                d.deleteFile(Path.of(name));
            }
        }
    }

    private static PosixFileAttributes attributes(SecureDirectoryStream<Path> at, String name, String path)
            throws IOException, JsonRpcException {
        try {
            return at.getFileAttributeView(Path.of(name), PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .readAttributes();
        } catch (NoSuchFileException e) {
            throw new JsonRpcException(CoreError.UNKNOWN_KEY, null, "nothing at '" + path + "'");
        }
    }

    /** Only the runtime user's files, in directories nobody else may write to. */
    private void requireOurs(PosixFileAttributes a, String path, String what) throws JsonRpcException {
        if (owner == null) {
            throw new JsonRpcException(CoreError.PRIVILIGED_REQUEST, null, "the runtime's user is not known here, "
                    + "so no file can be told to be its own; refused");
        }
        if (!a.owner().equals(owner)) {
            throw new JsonRpcException(CoreError.PRIVILIGED_REQUEST, null, "'" + path + "': " + what
                    + " belongs to " + a.owner().getName() + ", not to the runtime's user; refused");
        }
        if (a.isDirectory() && (a.permissions().contains(PosixFilePermission.OTHERS_WRITE)
                || a.permissions().contains(PosixFilePermission.GROUP_WRITE))) {
            throw new JsonRpcException(CoreError.PRIVILIGED_REQUEST, null, "'" + path + "': " + what
                    + " may be written by other users; refused");
        }
    }
}
