package io.ociplane.oci.api;

import java.util.List;
import java.util.Map;

/**
 * What a provider reads of a running container at one moment, as typed figures. A figure the provider could not
 * read is {@code null}; a number too large for a {@code long} (an unsigned "unlimited") is -1.
 *
 * @param timestamp CLOCK_MONOTONIC in nanoseconds when the figures were taken
 * @param pids the host pids of the container's processes (the first is its init, where the provider knows)
 * @param gpuMemory the container's GPU memory cgroup figures, or {@code null} where there is no such controller
 * @param ionHeaps ION heap figures by heap name, or {@code null} where there is no such controller
 */
public record ContainerInfo(String id, ContainerState state, long timestamp, CpuUsage cpu, MemoryUsage memory,
        List<Integer> pids, List<ProcessInfo> processes, Map<String, String> annotations, MemoryUsage gpuMemory,
        Map<String, MemoryUsage> ionHeaps) {

    public ContainerInfo {
        cpu = cpu == null ? new CpuUsage(null, null) : cpu;
        memory = memory == null ? MemoryUsage.UNKNOWN : memory;
        pids = pids == null ? List.of() : List.copyOf(pids);
        processes = processes == null ? List.of() : List.copyOf(processes);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        ionHeaps = ionHeaps == null ? null : Map.copyOf(ionHeaps);
    }

    /** Without GPU and ION figures, as most providers have none. */
    public ContainerInfo(String id, ContainerState state, long timestamp, CpuUsage cpu, MemoryUsage memory,
            List<Integer> pids, List<ProcessInfo> processes, Map<String, String> annotations) {
        this(id, state, timestamp, cpu, memory, pids, processes, annotations, null, null);
    }

    /**
     * @param total nanoseconds of CPU time used in all
     * @param perCpu nanoseconds per core, or {@code null} where the provider cannot tell (as on cgroup v2)
     */
    public record CpuUsage(Long total, List<Long> perCpu) {

        public CpuUsage {
            perCpu = perCpu == null ? null : List.copyOf(perCpu);
        }
    }

    /**
     * A memory cgroup's figures in bytes.
     *
     * @param limit the limit; -1 means none
     * @param usage memory in use now
     * @param max the most ever in use
     * @param failcnt how often the limit was hit
     * @param resident anonymous memory (cgroup v1 {@code rss}, v2 {@code anon})
     * @param shared memory-mapped files (cgroup v1 {@code mapped_file}, v2 {@code file_mapped})
     */
    public record MemoryUsage(Long limit, Long usage, Long max, Long failcnt, Long resident, Long shared) {

        /** Nothing known. */
        public static final MemoryUsage UNKNOWN = new MemoryUsage(null, null, null, null, null, null);
    }

    /**
     * @param pid in the host's pid namespace
     * @param nsPid in the container's pid namespace, -1 if unknown
     * @param cmdline the command line with its NULs as spaces
     */
    public record ProcessInfo(int pid, int nsPid, String executable, String cmdline) {
    }
}
