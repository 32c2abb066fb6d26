package io.ociplane.oci.runc;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerException.Reason;
import io.ociplane.oci.runc.CommandRunner.Result;

/**
 * The OCI runtime's command line, always as argument arrays and always with this provider's {@code --root}. Each
 * short command runs with a deadline after which it is killed.
 */
final class RuncCli {

    static final File DEV_NULL = new File("/dev/null");
    /** The POSIX shell that {@link #watched} runs. */
    static final String SHELL = "/bin/sh";
    /**
     * $1 the runner pid file, $2 the status file, the rest the command. The watcher is a background subshell, so
     * it outlives the shell the provider started (and is not the provider's child); its stdin is /dev/null, its
     * stdout and stderr are the console the command writes to. It writes the status only while the runner file
     * still names its process: a provider that stopped caring (a re-adopted container, whose end it saw in /proc;
     * a failed start) removed the file, and a restart of the container wrote its own. (The shell's own report of
     * a process killed by a signal would go to the console: {@code wait}'s stderr is /dev/null.)
     */
    static final String WATCHER_SCRIPT = "runner=$1 status=$2; shift 2; "
            + "( \"$@\" & pid=$!; echo $pid >\"$runner\"; wait $pid 2>/dev/null; code=$?; owner=; "
            + "{ read -r owner <\"$runner\"; } 2>/dev/null; "
            + "if [ \"$owner\" = \"$pid\" ]; then echo $code >\"$status.tmp\" && mv -f \"$status.tmp\" \"$status\"; fi ) &";

    /** One container as {@code list --format json} shows it. */
    record Listed(String id, long pid, String status) {
    }

    private final RuntimeSetup settings;
    private final CommandRunner commands;
    private final ObjectMapper mapper;

    RuncCli(RuntimeSetup settings, CommandRunner commands, ObjectMapper mapper) {
        this.settings = settings;
        this.commands = commands;
        this.mapper = mapper;
    }

    /**
     * The command line up to and including the runtime's global options; {@code setsid} first when there is one,
     * so that processes that outlive the call (runc run, exec'd processes) are not in the framework's session.
     */
    List<String> base(Path log) {
        List<String> cmd = new ArrayList<>();
        if (settings.setsid() != null) {
            cmd.add(settings.setsid().toString());
        }
        cmd.addAll(runtime(log));
        return cmd;
    }

    /**
     * {@code runtimeCommand} (a {@code run} without {@link #base}'s setsid) started by a small shell that exits at
     * once and leaves a watcher of its own: the watcher writes the runtime process's pid to {@code runner} and, when
     * it ends, its exit status (128+S for a signal S, as waitpid and {@code Process} tell) to {@code status}, through
     * a temporary file and a rename so that the name appears complete. The provider is then nobody's parent: Java
     * waits for each child process on a thread of its own (the JDK's "process reaper", some 100 KB a container),
     * whereas the status file is seen through the provider's one inotify watch (docs/footprint.md). The arguments
     * are positional parameters of a fixed script, never part of its text.
     */
    List<String> watched(Path runner, Path status, List<String> runtimeCommand) {
        List<String> cmd = new ArrayList<>();
        if (settings.setsid() != null) {
            cmd.add(settings.setsid().toString());
        }
        cmd.addAll(List.of(SHELL, "-c", WATCHER_SCRIPT, "ociplane-watch", runner.toString(), status.toString()));
        cmd.addAll(runtimeCommand);
        return cmd;
    }

    /** The runtime with its global options, up to the command ({@code --log} only when {@code log} is given). */
    List<String> runtime(Path log) {
        List<String> cmd = new ArrayList<>();
        cmd.add(settings.runtime().toString());
        cmd.add("--root");
        cmd.add(settings.runtimeRoot().toString());
        if (log != null) {
            cmd.add("--log");
            cmd.add(log.toString());
            cmd.add("--log-format");
            cmd.add("json");
        }
        return cmd;
    }

    /**
     * A process builder for a runtime process that stays with the container ({@code run}, {@code exec}). Go's
     * scheduler signals its own process with SIGURG, which a foreground runc forwards to the container (Debian's
     * runc 1.1.5 does): asynchronous preemption is turned off for it, which such a waiting process does not need.
     */
    ProcessBuilder foreground(List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL));
        pb.environment().put("GODEBUG", "asyncpreemptoff=1");
        return pb;
    }

    /** Runs a short command to completion (stdout and stderr together), killing it at the command timeout. */
    Result run(String... args) throws ContainerException {
        List<String> cmd = new ArrayList<>(List.of(settings.runtime().toString(), "--root",
                settings.runtimeRoot().toString()));
        cmd.addAll(List.of(args));
        return commands.run(settings.runtimeName() + " " + args[0], cmd, null);
    }

    /** Runs a command that must succeed; its output becomes the error message otherwise. */
    void require(String what, String... args) throws ContainerException {
        Result r = run(args);
        if (!r.ok()) {
            throw new ContainerException(Reason.PROVIDER_ERROR, what + " failed: " + messageOf(r.output()));
        }
    }

    /** The containers under this provider's root. */
    List<Listed> list() throws ContainerException {
        Result r = run("list", "--format", "json");
        if (!r.ok()) {
            throw new ContainerException(Reason.PROVIDER_ERROR, "listing containers failed: " + messageOf(r.output()));
        }
        List<Listed> out = new ArrayList<>();
        try {
            JsonNode array = mapper.readTree(r.output().isEmpty() ? "null" : r.output());
            for (JsonNode c : array) {
                out.add(new Listed(c.path("id").asText(), c.path("pid").asLong(), c.path("status").asText()));
            }
        } catch (IOException e) {
            throw new ContainerException(Reason.PROVIDER_ERROR, "unreadable container list: " + e.getMessage(), e);
        }
        return out;
    }

    /** Whether the runtime still has state for the container (its directory under the root). */
    boolean hasState(String id) {
        return Files.isDirectory(settings.runtimeRoot().resolve(id));
    }

    /** Kills (if alive) and deletes the container's runtime state; errors are ignored, as it may be gone. */
    void forceDelete(String id) {
        if (hasState(id)) {
            try {
                run("delete", "--force", id);
            } catch (ContainerException e) {
                // nothing more to do: the next provider start retries
            }
        }
    }

    /**
     * The error a runtime printed: the last {@code msg} of its JSON log lines, or the plain text (runc prints
     * {@code time=... level=error msg="..."} on stderr).
     */
    String messageOf(String output) {
        String message = null;
        for (String line : output.split("\n")) {
            line = line.strip();
            if (line.startsWith("{")) {
                try {
                    JsonNode n = mapper.readTree(line);
                    if (n.path("level").asText().matches("error|fatal") || message == null) {
                        message = n.path("msg").asText(line);
                    }
                    continue;
                } catch (IOException e) {
                    // not JSON: plain text below
                }
            }
            int msg = line.indexOf("msg=\"");
            if (msg >= 0) {
                String m = line.substring(msg + 5);
                message = m.endsWith("\"") ? m.substring(0, m.length() - 1).replace("\\\"", "\"") : m;
            } else if (!line.isEmpty()) {
                message = line;
            }
        }
        return message == null || message.isEmpty() ? "no message from " + settings.runtimeName() : message;
    }

    /** The last error of a runtime log file written with {@code --log-format json}. */
    String messageOfLog(Path log, int exitCode) {
        try {
            String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
            return text.isBlank() ? settings.runtimeName() + " exited with " + exitCode : messageOf(text);
        } catch (IOException e) {
            return settings.runtimeName() + " exited with " + exitCode;
        }
    }

    Duration commandTimeout() {
        return commands.timeout();
    }
}
