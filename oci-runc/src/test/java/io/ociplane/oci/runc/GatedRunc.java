package io.ociplane.oci.runc;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A runc for tests: a shell script in front of the real one that logs each command it is given ({@code begin
 * <command> <pid>} and, for commands that end, {@code end <command> <pid>}) and holds a command whose gate the
 * test has closed until the test opens it. A runtime command that hangs is then a real process that hangs.
 * A gate is a FIFO: the held command blocks opening it for reading until the test writes to it.
 */
final class GatedRunc {

    private static final Path REAL = Path.of("/usr/sbin/runc");

    private final Path dir;
    private final Path executable;

    GatedRunc(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.executable = dir.resolve("runc"); // the provider names itself after its runtime's file name
        Files.writeString(executable, """
                #!/bin/sh
                dir='%s'
                cmd=
                skip=
                for a in "$@"; do
                    if [ -n "$skip" ]; then skip=; continue; fi
                    case "$a" in
                        --root|--log|--log-format) skip=1 ;;
                        -*) ;;
                        *) cmd=$a; break ;;
                    esac
                done
                echo "begin $cmd $$" >> "$dir/log"
                case "$cmd" in
                    run|exec) exec '%s' "$@" ;; # these stay with the container: no end
                esac
                if [ -p "$dir/gate-$cmd" ]; then
                    : > "$dir/held-$cmd"
                    read line < "$dir/gate-$cmd"
                fi
                '%2$s' "$@"
                rc=$?
                echo "end $cmd $$" >> "$dir/log"
                exit $rc
                """.formatted(dir, REAL));
        Files.setPosixFilePermissions(executable, PosixFilePermissions.fromString("rwx------"));
    }

    Path executable() {
        return executable;
    }

    /** From now on {@code command} waits at its gate. */
    void close(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("mkfifo", dir.resolve("gate-" + command).toString()).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IOException("mkfifo failed");
        }
    }

    /** Whether a {@code command} has reached its gate and waits there. */
    boolean held(String command) {
        return Files.exists(dir.resolve("held-" + command));
    }

    /**
     * Lets every waiting {@code command} go on, and later ones pass. The gate is renamed first, so no new
     * command starts to wait; opening it read-write never blocks, whether or not anybody waits.
     */
    void open(String command) throws IOException {
        Path gate = dir.resolve("gate-" + command);
        if (!Files.exists(gate)) {
            return;
        }
        Path opened = dir.resolve("opened-" + command);
        Files.move(gate, opened, StandardCopyOption.ATOMIC_MOVE);
        try (RandomAccessFile fifo = new RandomAccessFile(opened.toFile(), "rw")) {
            fifo.write('\n');
        }
        Files.delete(opened);
    }

    /** The lines logged so far, in order. */
    List<String> log() throws IOException {
        Path log = dir.resolve("log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }
}
