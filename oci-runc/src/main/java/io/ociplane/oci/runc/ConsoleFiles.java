package io.ociplane.oci.runc;

import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerException.Reason;
import io.ociplane.oci.api.ContainerIds;
import io.ociplane.oci.api.HostPaths;

/**
 * The console files the provider writes, as root, for Dobby spec containers (docs/spec-safety.md). A console file
 * is created new (never following a link, never over an existing file) in a directory that no other user can
 * replace, and remembered for its container id by device and inode in {@code <stateDir>/consoles/<id>.json}.
 * A file that exists is emptied and used again only when it is the one created for the same container id
 * earlier; anything else is refused with the reason and left as it is.
 */
final class ConsoleFiles {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleFiles.class);
    /** Container output may hold secrets: root reads and writes it, its group reads it, nobody else. */
    private static final String MODE = "rw-r-----";

    private final Path ledger;
    private final ObjectMapper mapper;

    ConsoleFiles(Path ledger, ObjectMapper mapper) {
        this.ledger = ledger;
        this.mapper = mapper;
    }

    /** A file's identity and whether it is one the provider may write: root's, regular, one link. */
    private record Identity(long dev, long ino, boolean writable) {
    }

    /**
     * Creates the console file of container {@code id} at {@code path} (absolute and clean), or empties it when it
     * is the file created for {@code id} before; returns its real path, by which it is used from then on.
     */
    Path open(String id, String path) throws ContainerException {
        Path given = Path.of(path);
        Path dir = HostPaths.safeDirectory("the directory of console.path", given.getParent().toString());
        Path file = dir.resolve(given.getFileName());
        Identity existing = identity(file);
        if (existing == null) {
            create(path, file);
            remember(id, file);
            return file;
        }
        if (!existing.writable() || !existing.equals(remembered(id, file))) {
            throw refused(path, id);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            ch.truncate(0);
        } catch (IOException e) {
            throw new ContainerException(Reason.INVALID_ARGUMENT, "cannot empty console file '"
                    + ContainerIds.shorten(path) + "': " + why(e));
        }
        return file;
    }

    /**
     * Where a process of container {@code id} writes: its console file while that is still the one created for
     * it (so a file put there since is never written), else nowhere.
     */
    ProcessBuilder.Redirect redirect(String id, String consolePath) {
        if (consolePath == null) {
            return ProcessBuilder.Redirect.DISCARD;
        }
        Path file = Path.of(consolePath);
        try {
            Identity now = identity(file);
            if (now != null && now.writable() && now.equals(remembered(id, file))) {
                return ProcessBuilder.Redirect.appendTo(new File(consolePath));
            }
        } catch (ContainerException e) {
            // not examinable: not written either
        }
        LOG.warn("the console file {} of container '{}' is no longer the one created for it: output discarded",
                consolePath, id);
        return ProcessBuilder.Redirect.DISCARD;
    }

    /** Forgets console files that are gone or were replaced, so that the ledger holds only what still exists. */
    void prune() {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(ledger, "*.json")) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                String id = name.substring(0, name.length() - ".json".length());
                JsonNode n = read(entry);
                boolean current = false;
                if (n != null && n.path("path").isTextual()) {
                    Path file = Path.of(n.get("path").asText());
                    try {
                        Identity now = identity(file);
                        current = now != null && now.equals(remembered(id, file));
                    } catch (ContainerException e) {
                        current = false;
                    }
                }
                if (!current) {
                    Files.deleteIfExists(entry);
                }
            }
        } catch (IOException e) {
            LOG.debug("cannot prune the console ledger {}: {}", ledger, e.toString());
        }
    }

    private static void create(String path, Path file) throws ContainerException {
        try (FileChannel ch = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(MODE)))) {
            // created empty; the container's output is appended by the runtime
        } catch (FileAlreadyExistsException e) { // made by someone else since it was looked at
            throw new ContainerException(Reason.INVALID_ARGUMENT, "console.path '" + ContainerIds.shorten(path)
                    + "' appeared while it was being created: left as it is");
        } catch (IOException e) {
            throw new ContainerException(Reason.INVALID_ARGUMENT, "cannot create console file '"
                    + ContainerIds.shorten(path) + "': " + why(e));
        }
    }

    private void remember(String id, Path file) throws ContainerException {
        Identity created = identity(file);
        try {
            Files.write(ledger.resolve(id + ".json"), mapper.writeValueAsBytes(Map.of("path", file.toString(),
                    "dev", created.dev(), "ino", created.ino())));
        } catch (IOException e) {
            throw new ContainerException(Reason.PROVIDER_ERROR, "cannot note the console file of '" + id + "' in "
                    + ledger + ": " + why(e));
        }
    }

    /** The identity of the console file created for {@code id}, if it was created at {@code file}. */
    private Identity remembered(String id, Path file) {
        JsonNode n = read(ledger.resolve(id + ".json"));
        if (n == null || !n.path("path").asText().equals(file.toString())) {
            return null;
        }
        return new Identity(n.path("dev").asLong(), n.path("ino").asLong(), true);
    }

    private JsonNode read(Path entry) {
        try {
            return Files.size(entry) > 8192 ? null : mapper.readTree(entry.toFile());
        } catch (IOException e) {
            return null;
        }
    }

    /** The file's identity, or {@code null} when nothing is there (a link counts as something, never followed). */
    private static Identity identity(Path file) throws ContainerException {
        try {
            Map<String, Object> a = Files.readAttributes(file, "unix:dev,ino,mode,uid,nlink",
                    LinkOption.NOFOLLOW_LINKS);
            boolean writable = ((Integer) a.get("mode") & 0170000) == 0100000 && (Integer) a.get("uid") == 0
                    && (Integer) a.get("nlink") == 1;
            return new Identity((Long) a.get("dev"), (Long) a.get("ino"), writable);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new ContainerException(Reason.INVALID_ARGUMENT, "cannot examine console file '"
                    + ContainerIds.shorten(file.toString()) + "': " + why(e));
        }
    }

    private static ContainerException refused(String path, String id) {
        return new ContainerException(Reason.INVALID_ARGUMENT, "console.path '" + ContainerIds.shorten(path)
                + "' exists and is not the console file ociplane created for container '" + id + "': it is left"
                + " as it is (remove it, or name a new file)");
    }

    private static String why(IOException e) {
        return e instanceof FileSystemException f && f.getReason() != null ? f.getReason()
                : e.getClass().getSimpleName();
    }
}
