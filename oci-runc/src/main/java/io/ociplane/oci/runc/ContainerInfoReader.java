package io.ociplane.oci.runc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerException.Reason;
import io.ociplane.oci.api.ContainerInfo;
import io.ociplane.oci.api.ContainerInfo.CpuUsage;
import io.ociplane.oci.api.ContainerInfo.MemoryUsage;
import io.ociplane.oci.api.ContainerInfo.ProcessInfo;
import io.ociplane.oci.api.ContainerState;
import io.ociplane.oci.api.InterfaceAddresses;

/**
 * The one reader of what the host tells about a container of this provider: its figures from the cgroups of its
 * init (cpu from {@code cpuacct} on v1 or {@code cpu.stat} on v2, memory from the memory controller and its
 * {@code memory.stat}, pids from the cgroup) and /proc (processes), and the network interfaces of its namespace
 * (iproute2 run inside it with {@code nsenter}). A figure that cannot be read is {@code null}; an unsigned value too
 * large for a long (ULLONG_MAX, v2's {@code max}) is -1 (docs/dobby-dbus.md#getinfo, docs/plugins-api.md#containers-api).
 */
final class ContainerInfoReader {

    private final ProcFs proc;
    private final CgroupMounts mounts;
    private final CommandRunner commands;
    private final NetTools tools;
    private final ObjectMapper mapper;

    ContainerInfoReader(ProcFs proc, CommandRunner commands, NetTools tools, ObjectMapper mapper) {
        this.proc = proc;
        this.mounts = new CgroupMounts(proc.selfMountInfo());
        this.commands = commands;
        this.tools = tools;
        this.mapper = mapper;
    }

    ContainerInfo read(String id, ContainerState state, long initPid, Map<String, String> annotations) {
        long timestamp = System.nanoTime(); // CLOCK_MONOTONIC on Linux
        List<String> cgroups = proc.cgroupLines(initPid);
        Optional<Path> cpuacct = mounts.v1Dir(cgroups, "cpuacct");
        Optional<Path> memory = mounts.v1Dir(cgroups, "memory");
        Optional<Path> unified = mounts.unifiedDir(cgroups);

        CpuUsage cpu = cpuacct.map(d -> new CpuUsage(number(d.resolve("cpuacct.usage")), perCpu(d)))
                .orElseGet(() -> new CpuUsage(unified.map(this::v2CpuTotal).orElse(null), null));
        MemoryUsage memoryUsage = memory.map(this::v1Memory).or(() -> unified.map(this::v2Memory))
                .orElse(MemoryUsage.UNKNOWN);
        List<Integer> pids = pids(cpuacct.or(() -> unified));
        List<ProcessInfo> processes = new ArrayList<>();
        for (int pid : pids) {
            processes.add(new ProcessInfo(pid, proc.nsPid(pid), proc.executable(pid), proc.cmdline(pid)));
        }
        return new ContainerInfo(id, state, timestamp, cpu, memoryUsage, pids, processes, annotations);
    }

    /**
     * The interfaces of the network namespace {@code pid} is in, with their addresses ({@code ip -json addr}, netlink,
     * inside the namespace). Arguments are passed as an array; the only variable one is the numeric pid.
     */
    List<InterfaceAddresses> interfaces(long pid) throws ContainerException {
        if (tools.nsenter() == null || tools.ip() == null) {
            throw new ContainerException(Reason.UNSUPPORTED, "reading a container's network interfaces needs "
                    + "nsenter (util-linux) and ip (iproute2)");
        }
        CommandRunner.Result r = commands.run("ip addr in the namespace of pid " + pid, List.of(
                tools.nsenter().toString(), "--target", Long.toString(pid), "--net", "--", tools.ip().toString(),
                "-json", "addr", "show"), null);
        JsonNode links;
        try {
            links = r.ok() ? mapper.readTree(r.output()) : null;
        } catch (JsonProcessingException e) {
            links = null;
        }
        if (links == null || !links.isArray()) {
            throw new ContainerException(Reason.PROVIDER_ERROR, "cannot read the network namespace of pid " + pid);
        }
        List<InterfaceAddresses> out = new ArrayList<>();
        for (JsonNode link : links) {
            List<String> addresses = new ArrayList<>();
            for (JsonNode addr : link.path("addr_info")) {
                if (addr.hasNonNull("local")) {
                    addresses.add(addr.get("local").asText());
                }
            }
            out.add(new InterfaceAddresses(link.path("ifname").asText(), addresses));
        }
        return out;
    }

    private MemoryUsage v1Memory(Path d) {
        Map<String, String> stat = keyValues(d.resolve("memory.stat"));
        return new MemoryUsage(number(d.resolve("memory.limit_in_bytes")), number(d.resolve("memory.usage_in_bytes")),
                number(d.resolve("memory.max_usage_in_bytes")), number(d.resolve("memory.failcnt")),
                parse(stat.get("rss")), parse(stat.get("mapped_file")));
    }

    private MemoryUsage v2Memory(Path d) {
        Map<String, String> stat = keyValues(d.resolve("memory.stat"));
        return new MemoryUsage(number(d.resolve("memory.max")), number(d.resolve("memory.current")),
                number(d.resolve("memory.peak")), null, parse(stat.get("anon")), parse(stat.get("file_mapped")));
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
        String usec = keyValues(dir.resolve("cpu.stat")).get("usage_usec");
        Long value = parse(usec);
        return value == null ? null : value * 1000;
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

    /** {@code key value} lines, as in {@code memory.stat} and {@code cpu.stat}; empty when unreadable. */
    private static Map<String, String> keyValues(Path file) {
        Map<String, String> kv = new HashMap<>();
        String text = read(file);
        if (text != null) {
            for (String line : text.split("\n")) {
                String[] parts = line.trim().split("\\s+");
                if (parts.length == 2) {
                    kv.put(parts[0], parts[1]);
                }
            }
        }
        return kv;
    }

    private static Long number(Path file) {
        String text = read(file);
        return text == null ? null : parse(text.trim());
    }

    /** A decimal unsigned number; {@code max} (v2 "unlimited") and values beyond a long are -1. */
    private static Long parse(String s) {
        if (s == null) {
            return null;
        }
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
