package io.ociplane.security.agent.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;

/**
 * One {@code lstat} of a file (symbolic links are not followed): what the safety rules look at (type, owner,
 * permission bits) and what tells a changed file from the same one (device and inode, size, modification and
 * change times). Two equal stamps mean nothing about the file changed as far as the kernel records it.
 */
record FileStamp(long device, long inode, long size, FileTime modified, FileTime changed, int mode, int uid) {

    private static final String ATTRIBUTES = "unix:dev,ino,size,lastModifiedTime,ctime,mode,uid";
    private static final int TYPE_MASK = 0170000;
    private static final int REGULAR = 0100000;
    private static final int DIRECTORY = 0040000;
    private static final int SYMLINK = 0120000;
    private static final int GROUP_OTHER_WRITE = 0022;
    private static final int GROUP_OTHER_ANY = 0077;

    /** Stats the path itself, not what a symbolic link points to. */
    static FileStamp of(Path path) throws IOException {
        return from(Files.readAttributes(path, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS));
    }

    /** Stats what the path leads to, following symbolic links (for directories an administrator may link). */
    static FileStamp ofTarget(Path path) throws IOException {
        return from(Files.readAttributes(path, ATTRIBUTES));
    }

    private static FileStamp from(Map<String, Object> a) {
        return new FileStamp(((Number) a.get("dev")).longValue(), ((Number) a.get("ino")).longValue(),
                ((Number) a.get("size")).longValue(), (FileTime) a.get("lastModifiedTime"), (FileTime) a.get("ctime"),
                ((Number) a.get("mode")).intValue(), ((Number) a.get("uid")).intValue());
    }

    boolean isSymbolicLink() {
        return (mode & TYPE_MASK) == SYMLINK;
    }

    boolean isRegularFile() {
        return (mode & TYPE_MASK) == REGULAR;
    }

    boolean isDirectory() {
        return (mode & TYPE_MASK) == DIRECTORY;
    }

    boolean writableByGroupOrOthers() {
        return (mode & GROUP_OTHER_WRITE) != 0;
    }

    boolean anyGroupOrOtherBits() {
        return (mode & GROUP_OTHER_ANY) != 0;
    }

    /** The permission bits as {@code ls -l} users know them from chmod, e.g. {@code 0644}. */
    String permissions() {
        return String.format("%04o", mode & 07777);
    }
}
