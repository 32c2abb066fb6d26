package io.ociplane.oci.api;

import java.util.List;
import java.util.Map;

/**
 * What a provider knows of a running container, in the shape of Dobby's {@code GetInfo}: typed fields for what
 * every provider reports, and the complete JSON text (with whatever the provider adds, such as {@code gpu}).
 * A value the provider could not read is {@code null}.
 *
 * @param state the state ({@code GetInfo}'s lower-case name is {@link ContainerState#infoName()})
 * @param timestamp CLOCK_MONOTONIC in nanoseconds when the figures were taken
 * @param json the complete info as a JSON object text, members in the provider's order
 */
public record ContainerInfo(String id, ContainerState state, long timestamp, CpuUsage cpu, MemoryUsage memory,
        List<Integer> pids, List<ProcessInfo> processes, Map<String, String> annotations, String json) {

    /**
     * @param total nanoseconds of CPU time used in all
     * @param perCpu nanoseconds per core ({@code null} where the provider cannot tell, as on cgroup v2)
     */
    public record CpuUsage(Long total, List<Long> perCpu) {
    }

    /** The container's user memory cgroup figures in bytes; limit {@code -1} means unlimited. */
    public record MemoryUsage(Long limit, Long usage, Long max, Long failcnt) {
    }

    /**
     * @param pid in the host's pid namespace
     * @param nsPid in the container's pid namespace, -1 if unknown
     */
    public record ProcessInfo(int pid, int nsPid, String executable, String cmdline) {
    }
}
