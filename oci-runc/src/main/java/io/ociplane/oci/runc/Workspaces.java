package io.ociplane.oci.runc;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerException.Reason;

/**
 * Per-container workspace directories {@code <id>.<10000-99999>} (Dobby's naming, so a new container never meets
 * an old one's leftovers), and their removal, which never follows links or crosses into another file system (a
 * mount left behind is left alone rather than emptied). Why a deletion can meet other writers: docs/workspaces.md.
 */
final class Workspaces {

    private static final Logger LOG = LoggerFactory.getLogger(Workspaces.class);
    /** Walks at once per deletion, before the later try. */
    private static final int ATTEMPTS = 3;
    /** How long after the first tries a workspace is tried again (writers into it have ended by then). */
    static final long RETRY_DELAY_MILLIS = 1000;

    private final Path root;
    private final ScheduledExecutorService timer;

    /** @param timer the provider's timer, for the later try of a deletion that failed */
    Workspaces(Path root, ScheduledExecutorService timer) {
        this.root = root;
        this.timer = timer;
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

    /**
     * Deletes a workspace of ours; quietly does nothing for a path outside the workspace root. A file that goes while
     * the walk runs (an exec's log file, removed by its own command) is simply gone; a walk that still fails (a file
     * written into the workspace after it was listed, a busy mount) is tried again at once, then once more later on
     * the provider's timer, and logged with its reason. The next provider on the same directories removes what is
     * left, as does this one's {@link #sweep}.
     */
    void delete(Path workspace) {
        if (workspace == null || !workspace.normalize().getParent().equals(root)) {
            return;
        }
        IOException failure = deleteNow(workspace);
        if (failure == null) {
            return;
        }
        LOG.info("workspace {} not removed at once ({}); trying again in {} ms", workspace, failure.toString(),
                RETRY_DELAY_MILLIS);
        try {
            timer.schedule(() -> {
                IOException again = deleteNow(workspace);
                if (again != null) {
                    LOG.warn("workspace {} not removed: {}; the provider removes it when it stops or next starts",
                            workspace, again.toString());
                }
            }, RETRY_DELAY_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            LOG.warn("workspace {} not removed: {}; the next provider removes it", workspace, failure.toString());
        }
    }

    /** Deletes the workspace, trying a few times at once; returns the last failure, or null when it is gone. */
    private IOException deleteNow(Path workspace) {
        IOException failure = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try {
                walkAndDelete(workspace);
                return null;
            } catch (IOException e) {
                failure = e;
            }
        }
        return failure;
    }

    /** Deletes what is below the workspace on its own file system, then the workspace; never follows links. */
    private static void walkAndDelete(Path workspace) throws IOException {
        Object device;
        try {
            device = Files.getAttribute(workspace, "unix:dev", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException gone) {
            return;
        }
        Files.walkFileTree(workspace, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                try {
                    return device.equals(Files.getAttribute(dir, "unix:dev", LinkOption.NOFOLLOW_LINKS))
                            ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
                } catch (NoSuchFileException gone) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            /** Listed, then gone before it was looked at: what this walk was going to do anyway. */
            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null && !(e instanceof NoSuchFileException)) {
                    throw e;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * Deletes every workspace but those of the containers that run or are being started (when the provider stops:
     * what a deletion that failed, or is still to be tried again, left).
     */
    void sweep(Set<String> liveIds) {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path d : dirs) {
                String name = d.getFileName().toString();
                int dot = name.lastIndexOf('.');
                if (!liveIds.contains(dot < 0 ? name : name.substring(0, dot))
                        && Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
                    IOException failure = deleteNow(d);
                    if (failure != null) {
                        LOG.warn("workspace {} not removed: {}", d, failure.toString());
                    }
                }
            }
        } catch (IOException e) {
            LOG.warn("workspaces in {} not checked: {}", root, e.toString());
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
