package io.ociplane.oci.crun;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A legacy Dobby spec (docs/dobby-dbus.md#dobby-spec), checked and reduced to what this provider honours.
 *
 * @param memLimit bytes
 * @param swapLimit memory plus swap in bytes, or {@code null} for unlimited
 * @param consolePath the host file for the container's output, or {@code null} for /dev/null
 * @param consoleLimit bytes kept in the console file, -1 for no limit
 * @param etc /etc file name to its lines ({@code passwd}, {@code group}, {@code hosts}, {@code services},
 *            {@code ld.so.preload})
 * @param network the spec's network mode (docs/networking.md)
 * @param rtPriorityLimit RLIMIT_RTPRIO, or {@code null}
 * @param userNs a user namespace mapping container root to {@code uid}/{@code gid}, as Dobby
 * @param cpuShares cgroup cpu shares (the spec's percentage of 1024), or {@code null}
 * @param cpuCores cpuset cores such as {@code 0-1,3}, or {@code null}
 * @param capabilities added to the bounding set (with no-new-privileges off), as Dobby does
 * @param seccomp an OCI {@code linux.seccomp} object, or {@code null}
 * @param syslog bind the host's {@code /dev/log}
 */
record DobbySpec(List<String> args, int uid, int gid, long memLimit, Long swapLimit, List<String> env, String cwd,
        String consolePath, long consoleLimit, Map<String, List<String>> etc, Network network,
        List<Mount> mounts, Integer rtPriorityLimit, boolean restartOnCrash, boolean userNs, Integer cpuShares,
        String cpuCores, List<String> capabilities, ObjectNode seccomp, boolean syslog) {

    /** Dobby's network modes (docs/networking.md). */
    enum Network {
        /** A network namespace of its own with only loopback ({@code "private"}, or no {@code network}). */
        PRIVATE,
        /** A namespace of its own on the provider's bridge, masqueraded to the outside. */
        NAT,
        /** The host's network namespace: everything the host reaches, loopback services included. */
        OPEN;

        /** Whether the container gets a network namespace of its own. */
        boolean ownNamespace() {
            return this != OPEN;
        }
    }

    /** A mount passed through to the OCI config. */
    record Mount(String source, String destination, String type, List<String> options) {

        boolean isBind() {
            return type.equals("bind") || options.contains("bind") || options.contains("rbind");
        }
    }
}
