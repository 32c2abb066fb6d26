package io.ociplane.oci.crun;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ociplane.oci.api.ContainerInfo;
import io.ociplane.oci.api.ContainerInfo.CpuUsage;
import io.ociplane.oci.api.ContainerInfo.MemoryUsage;
import io.ociplane.oci.api.ContainerInfo.ProcessInfo;
import io.ociplane.oci.api.ContainerState;

/**
 * A container's figures in the shape of Dobby's {@code GetInfo} (docs/dobby-dbus.md#getinfo): cpu from {@code cpuacct}
 * (v1) or {@code cpu.stat} (v2), memory from the memory controller, pids from the cgroup, processes from /proc.
 * A value that cannot be read is {@code null}; an unsigned value too large for a long (ULLONG_MAX) is -1.
 */
final class ContainerInfoReader {

    private final ProcFs proc;
    private final CgroupMounts mounts;
    private final ObjectMapper mapper;

    ContainerInfoReader(ProcFs proc, ObjectMapper mapper) {
        this.proc = proc;
        this.mounts = new CgroupMounts(proc.selfMountInfo());
        this.mapper = mapper;
    }

    ContainerInfo read(String id, ContainerState state, long initPid, Map<String, String> annotations) {
        long timestamp = System.nanoTime(); // CLOCK_MONOTONIC on Linux, as Dobby's timestamp
        List<String> cgroups = proc.cgroupLines(initPid);
        Optional<Path> cpuacct = mounts.v1Dir(cgroups, "cpuacct");
        Optional<Path> memory = mounts.v1Dir(cgroups, "memory");
        Optional<Path> unified = mounts.unifiedDir(cgroups);

        CpuUsage cpu = cpuacct.map(d -> new CpuUsage(number(d.resolve("cpuacct.usage")), perCpu(d)))
                .orElseGet(() -> new CpuUsage(unified.map(this::v2CpuTotal).orElse(null), null));
        MemoryUsage memoryUsage = memory.isPresent()
                ? new MemoryUsage(number(memory.get().resolve("memory.limit_in_bytes")),
                        number(memory.get().resolve("memory.usage_in_bytes")),
                        number(memory.get().resolve("memory.max_usage_in_bytes")),
                        number(memory.get().resolve("memory.failcnt")))
                : unified.map(d -> new MemoryUsage(number(d.resolve("memory.max")), number(d.resolve("memory.current")),
                        number(d.resolve("memory.peak")), null)).orElse(new MemoryUsage(null, null, null, null));
        List<Integer> pids = pids(cpuacct.or(() -> unified));
        List<ProcessInfo> processes = new ArrayList<>();
        for (int pid : pids) {
            processes.add(new ProcessInfo(pid, proc.nsPid(pid), proc.executable(pid), proc.cmdline(pid)));
        }
        String json = json(id, state, timestamp, cpu, memoryUsage, pids, processes, annotations);
        return new ContainerInfo(id, state, timestamp, cpu, memoryUsage, pids, processes, Map.copyOf(annotations),
                json);
    }

    /** Members in alphabetical order, as Dobby's jsoncpp writes them. */
    private String json(String id, ContainerState state, long timestamp, CpuUsage cpu, MemoryUsage memory,
            List<Integer> pids, List<ProcessInfo> processes, Map<String, String> annotations) {
        ObjectNode root = mapper.createObjectNode();
        if (!annotations.isEmpty()) {
            ObjectNode a = root.putObject("annotations");
            new java.util.TreeMap<>(annotations).forEach(a::put);
        }
        ObjectNode usage = root.putObject("cpu").putObject("usage");
        if (cpu.perCpu() == null) {
            usage.putNull("percpu");
        } else {
            ArrayNode per = usage.putArray("percpu");
            cpu.perCpu().forEach(per::add);
        }
        usage.put("total", cpu.total());
        root.put("id", id);
        ObjectNode user = root.putObject("memory").putObject("user");
        user.put("failcnt", memory.failcnt());
        user.put("limit", memory.limit());
        user.put("max", memory.max());
        user.put("usage", memory.usage());
        ArrayNode pidArray = root.putArray("pids");
        pids.forEach(pidArray::add);
        ArrayNode procArray = root.putArray("processes");
        for (ProcessInfo p : processes) {
            ObjectNode o = procArray.addObject();
            o.put("cmdline", p.cmdline());
            o.put("executable", p.executable());
            o.put("nsPid", p.nsPid());
            o.put("pid", p.pid());
        }
        root.put("state", state.infoName());
        root.put("timestamp", timestamp);
        return root.toString();
    }

    private List<Long> perCpu(Path cpuacct) {
        String text = read(cpuacct.resolve("cpuacct.usage_percpu"));
        if (text == null) {
            return null;
        }
        List<Long> out = new ArrayList<>();
        for (String f : text.trim().split("\\s+")) {
            if (!f.isEmpty()) {
                out.add(parse(f));
            }
        }
        return out;
    }

    private Long v2CpuTotal(Path dir) {
        String text = read(dir.resolve("cpu.stat"));
        if (text != null) {
            for (String line : text.split("\n")) {
                if (line.startsWith("usage_usec ")) {
                    Long usec = parse(line.substring(11).trim());
                    return usec == null ? null : usec * 1000;
                }
            }
        }
        return null;
    }

    private List<Integer> pids(Optional<Path> dir) {
        List<Integer> out = new ArrayList<>();
        String text = dir.map(d -> read(d.resolve("cgroup.procs"))).orElse(null);
        if (text != null) {
            for (String line : text.split("\n")) {
                if (!line.isBlank()) {
                    out.add(Integer.parseInt(line.trim()));
                }
            }
        }
        return out;
    }

    private Long number(Path file) {
        String text = read(file);
        return text == null ? null : parse(text.trim());
    }

    /** A decimal unsigned number; {@code max} (v2 "unlimited") and values beyond a long are -1. */
    private static Long parse(String s) {
        if (s.equals("max")) {
            return -1L;
        }
        try {
            long v = Long.parseUnsignedLong(s);
            return v < 0 ? -1L : v;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
