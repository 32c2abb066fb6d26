package io.ociplane.oci.crun;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerException.Reason;

/**
 * Per-container workspace directories {@code <id>.<10000-99999>} (Dobby's naming, so a new container never meets
 * an old one's leftovers), and their removal, which never follows links or crosses into another file system (a
 * mount left behind is left alone rather than emptied).
 */
final class Workspaces {

    private final Path root;

    Workspaces(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /** A new empty workspace, mode 0711 so that a container's mapped uid can reach its rootfs. */
    Path create(String id) throws ContainerException {
        for (int attempt = 0; attempt < 20; attempt++) {
            Path dir = root.resolve(id + "." + ThreadLocalRandom.current().nextInt(10000, 100000));
            try {
                Files.createDirectory(dir);
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
                return dir;
            } catch (FileAlreadyExistsException e) {
                // try another number
            } catch (IOException e) {
                throw new ContainerException(Reason.PROVIDER_ERROR, "cannot create a workspace in " + root + ": "
                        + e.getMessage(), e);
            }
        }
        throw new ContainerException(Reason.PROVIDER_ERROR, "no free workspace name for '" + id + "' in " + root);
    }

    /** Deletes a workspace of ours; quietly does nothing for a path outside the workspace root. */
    void delete(Path workspace) {
        if (workspace == null || !workspace.normalize().getParent().equals(root)) {
            return;
        }
        try {
            if (!Files.exists(workspace, LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            Object device = Files.getAttribute(workspace, "unix:dev", LinkOption.NOFOLLOW_LINKS);
            Files.walkFileTree(workspace, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    return device.equals(Files.getAttribute(dir, "unix:dev", LinkOption.NOFOLLOW_LINKS))
                            ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // a busy mount point: left in place, and tried again when the provider next starts
        }
    }

    /** Deletes every workspace except those in {@code keep}. */
    void deleteAllBut(Set<Path> keep) throws IOException {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path d : dirs) {
                if (!keep.contains(d) && Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
                    delete(d);
                }
            }
        }
    }
}
