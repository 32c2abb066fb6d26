package io.ociplane.oci.runc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What {@code /proc} tells about a process. Every reader answers "unknown" rather than failing. */
final class ProcFs {

    private final Path proc;

    ProcFs(Path proc) {
        this.proc = proc;
    }

    /**
     * The process's start time in clock ticks since boot ({@code /proc/<pid>/stat} field 22), which with the pid
     * identifies one process across pid reuse; -1 when there is no such live process (a zombie has exited).
     */
    long startTicks(long pid) {
        if (pid <= 0) {
            return -1;
        }
        try {
            String stat = Files.readString(proc.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.UTF_8);
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            if (f.length < 20 || f[0].equals("Z") || f[0].equals("X")) {
                return -1;
            }
            return Long.parseLong(f[19]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Whether the process that started at {@code startTicks} still runs under {@code pid}. */
    boolean isAlive(long pid, long startTicks) {
        return startTicks > 0 && startTicks(pid) == startTicks;
    }

    /** The pid in the innermost pid namespace (last {@code NSpid} value), -1 if unknown. */
    int nsPid(int pid) {
        try {
            for (String line : Files.readAllLines(proc.resolve(Integer.toString(pid)).resolve("status"),
                    StandardCharsets.UTF_8)) {
                if (line.startsWith("NSpid:")) {
                    String[] f = line.substring(6).trim().split("\\s+");
                    return Integer.parseInt(f[f.length - 1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** The resolved executable, or {@code null}. */
    String executable(int pid) {
        try {
            return Files.readSymbolicLink(proc.resolve(Integer.toString(pid)).resolve("exe")).toString();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The command line with NULs turned into spaces (so usually with a trailing space, as Dobby reports it). */
    String cmdline(int pid) {
        try {
            byte[] raw = Files.readAllBytes(proc.resolve(Integer.toString(pid)).resolve("cmdline"));
            return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The lines of {@code /proc/<pid>/cgroup}, empty if unreadable. */
    List<String> cgroupLines(long pid) {
        try {
            return Files.readAllLines(proc.resolve(Long.toString(pid)).resolve("cgroup"), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** The lines of this process's {@code mountinfo}, empty if unreadable. */
    List<String> selfMountInfo() {
        try {
            return Files.readAllLines(proc.resolve("self").resolve("mountinfo"), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
