package io.ociplane.dashboard.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds a requested file inside one directory without trusting the request or the tree (docs/dashboard.md): the
 * path is a few plain names (no {@code ..}, {@code .}, hidden names, back slashes or control characters), every step
 * is looked at without following links and must be a directory or regular file of the runtime's own user that no
 * one else may write, so nothing outside the directory can be reached or swapped in.
 */
final class UiFiles {

    static final int MAX_PATH_CHARS = 1024;
    static final int MAX_DEPTH = 16;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_~+@-][A-Za-z0-9._~+@-]{0,254}");
    private static final Set<PosixFilePermission> OTHERS_WRITE = Set.of(PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_WRITE);

    private final Path root;
    private final int owner;

    /** @param root the directory, by its real path; @param owner the uid every file must belong to */
    UiFiles(Path root, int owner) {
        this.root = root;
        this.owner = owner;
    }

    /** The regular file {@code path} (as below the servlet: "/", "/index.html", "/js/app.js") names, if it is safe. */
    Optional<Path> find(String path) throws IOException {
        if (path == null || path.isEmpty() || path.charAt(0) != '/' || path.length() > MAX_PATH_CHARS) {
            return Optional.empty();
        }
        String[] names = path.substring(1).split("/", -1);
        if (names.length > MAX_DEPTH) {
            return Optional.empty();
        }
        Path at = root;
        if (!trusted(at, true)) {
            return Optional.empty();
        }
        for (int i = 0; i < names.length; i++) {
            boolean last = i == names.length - 1;
            if (last && names[i].isEmpty()) {
                break; // a trailing slash: the folder's index.html
            }
            if (!NAME.matcher(names[i]).matches()) {
                return Optional.empty();
            }
            at = at.resolve(names[i]);
            if (!last && !trusted(at, true)) {
                return Optional.empty();
            }
        }
        if (Files.isDirectory(at, LinkOption.NOFOLLOW_LINKS)) {
            if (!trusted(at, true)) {
                return Optional.empty();
            }
            at = at.resolve("index.html");
        }
        return trusted(at, false) ? Optional.of(at) : Optional.empty();
    }

    /** A directory (or regular file) that is not a link, belongs to the owner and only the owner may change. */
    private boolean trusted(Path p, boolean directory) throws IOException {
        PosixFileAttributes a;
        try {
            a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException e) {
            return false;
        }
        boolean kind = directory ? a.isDirectory() : a.isRegularFile();
        int uid = (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        return kind && uid == owner && a.permissions().stream().noneMatch(OTHERS_WRITE::contains);
    }
}
