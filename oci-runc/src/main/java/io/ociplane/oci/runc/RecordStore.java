package io.ociplane.oci.runc;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.ociplane.oci.api.AnnotationLimits;
import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerException.Reason;

/**
 * The records directory: {@code <id>.json} per container (written atomically) and {@code <id>.pid}, the pid
 * file the runtime writes once the container runs.
 */
final class RecordStore {

    private static final Logger LOG = LoggerFactory.getLogger(RecordStore.class);

    private final Path dir;
    private final ObjectMapper mapper;
    private final RecordReader reader;

    RecordStore(Path dir, ObjectMapper mapper, AnnotationLimits limits) {
        this.dir = dir;
        this.mapper = mapper;
        this.reader = new RecordReader(mapper, limits);
    }

    Path dir() {
        return dir;
    }

    Path pidFile(String id) {
        return dir.resolve(id + ".pid");
    }

    /** Where the watcher of a run in {@code workspace} writes the runtime process's pid ({@link RuncCli#watched}). */
    Path runnerFile(Path workspace) {
        return dir.resolve(workspace.getFileName() + ".runner");
    }

    /**
     * Where the watcher of a run in {@code workspace} writes the runtime process's exit status. Named after the
     * workspace, which is unique to the container (a new container under the same id gets another), so that a late
     * watcher of an earlier container can never end a later one.
     */
    Path statusFile(Path workspace) {
        return dir.resolve(workspace.getFileName() + ".status");
    }

    /**
     * Removes the runner and status files of a run in {@code workspace}, quietly; the runner file first, since a
     * watcher writes no status once its runner file is gone ({@link RuncCli#WATCHER_SCRIPT}).
     */
    void deleteRunFiles(Path workspace) {
        try {
            Files.deleteIfExists(runnerFile(workspace));
            Files.deleteIfExists(statusFile(workspace));
            Files.deleteIfExists(dir.resolve(statusFile(workspace).getFileName() + ".tmp"));
        } catch (IOException e) {
            // left for the next provider start, which deletes files of containers it does not adopt
        }
    }

    void write(ContainerRecord r) throws ContainerException {
        Path target = dir.resolve(r.id() + ".json");
        Path tmp = dir.resolve("." + r.id() + ".json.tmp");
        try {
            Files.write(tmp, mapper.writeValueAsBytes(r.toJson(mapper)));
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new ContainerException(Reason.PROVIDER_ERROR, "cannot write the record of container '" + r.id()
                    + "' in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Removes the record and pid file of a container; quietly, since it may never have had them. */
    void delete(String id) {
        try {
            Files.deleteIfExists(dir.resolve(id + ".json"));
            Files.deleteIfExists(pidFile(id));
            Files.deleteIfExists(dir.resolve("." + id + ".json.tmp"));
        } catch (IOException e) {
            // left for the next provider start, which deletes files of containers it does not adopt
        }
    }

    /**
     * Every readable record; unreadable files are skipped (and later removed by {@link #deleteAllBut}). A record
     * with annotations over the limits, or whose annotations are damaged, is repaired: written again without them.
     */
    List<ContainerRecord> readAll() {
        List<ContainerRecord> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path f : files) {
                RecordReader.Result read = reader.read(f);
                ContainerRecord r = read.record();
                if (r == null || !f.getFileName().toString().equals(r.id() + ".json")) {
                    continue; // not a record: removed later
                }
                out.add(r);
                if (read.repaired()) {
                    LOG.warn("the record of container '{}' {}: {} annotation(s) dropped, {} kept", r.id(),
                            read.damaged() ? "was damaged" : "was over the annotation limits", read.dropped(),
                            r.annotations().size());
                    repair(r);
                }
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    private void repair(ContainerRecord r) {
        try {
            write(r);
        } catch (ContainerException e) {
            LOG.warn("cannot repair the record of '{}': {}", r.id(), e.getMessage());
        }
    }

    /** Removes every file that is not the record or pid file of one of {@code keep}. */
    void deleteAllBut(Set<String> keep) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                boolean kept = keep.stream().anyMatch(id -> name.equals(id + ".json") || name.equals(id + ".pid"));
                if (!kept && Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }
}
