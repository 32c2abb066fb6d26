package io.ociplane.oci.dobby.spec;

import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A legacy Dobby spec (docs/dobby-dbus.md#dobby-spec) as {@link DobbySpecReader} read it: every field checked
 * against Dobby's rules, nothing yet judged by what a provider can honour.
 *
 * @param memLimit bytes
 * @param swapLimit memory plus swap in bytes, or {@code null} for unlimited
 * @param consolePath the host file for the container's output, or {@code null} for /dev/null
 * @param consoleLimit bytes kept in the console file, -1 for no limit
 * @param etc /etc file name to its lines ({@code passwd}, {@code group}, {@code hosts}, {@code services},
 *            {@code ld.so.preload})
 * @param network the spec's network mode (docs/networking.md)
 * @param mounts the mounts, sources as the spec names them
 * @param rtPriorityDefault the scheduling priority a version 1.1 spec asks for, or {@code null}
 * @param rtPriorityLimit RLIMIT_RTPRIO, or {@code null}
 * @param userNs a user namespace mapping container root to {@code uid}/{@code gid}, as Dobby
 * @param cpuShares cgroup cpu shares (the spec's percentage of 1024), or {@code null}
 * @param cpuCores cpuset cores such as {@code 0-1,3}, or {@code null}
 * @param capabilities added to the bounding set (with no-new-privileges off), as Dobby does
 * @param seccomp an OCI {@code linux.seccomp} object, or {@code null}
 * @param syslog bind the host's {@code /dev/log}
 * @param daemonFeatures what the spec asks of Dobby's own settings and plugins
 */
public record DobbySpec(List<String> args, int uid, int gid, long memLimit, Long swapLimit, List<String> env,
        String cwd, String consolePath, long consoleLimit, Map<String, List<String>> etc, Network network,
        List<Mount> mounts, Integer rtPriorityDefault, Integer rtPriorityLimit, boolean restartOnCrash,
        boolean userNs, Integer cpuShares, String cpuCores, List<String> capabilities, ObjectNode seccomp,
        boolean syslog, Set<DaemonFeature> daemonFeatures) {

    /** Dobby's network modes (docs/networking.md). */
    public enum Network {
        /** A network namespace of its own with only loopback ({@code "private"}, or no {@code network}). */
        PRIVATE,
        /** A namespace of its own on the provider's bridge, masqueraded to the outside. */
        NAT,
        /** The host's network namespace: everything the host reaches, loopback services included. */
        OPEN;

        /** Whether the container gets a network namespace of its own. */
        public boolean ownNamespace() {
            return this != OPEN;
        }
    }

    /** What a spec may ask that only the Dobby daemon's settings or plugins provide. */
    public enum DaemonFeature {
        /** {@code gpu.enable}: the GPU device setup of Dobby's settings. */
        GPU,
        /** {@code vpu.enable}: the VPU device setup of Dobby's settings. */
        VPU,
        /** A non-empty {@code dbus}: Dobby's IPC plugin. */
        DBUS,
        /** A non-empty {@code devices}: Dobby's device whitelist. */
        DEVICES,
        /** A non-empty {@code plugins} or {@code rdkPlugins}. */
        PLUGINS
    }

    /** A mount passed through to the OCI config. */
    public record Mount(String source, String destination, String type, List<String> options) {

        public boolean isBind() {
            return type.equals("bind") || options.contains("bind") || options.contains("rbind");
        }

        /** Dobby's Storage plugin mounts an image file. */
        public boolean isLoop() {
            return type.equals("loop");
        }
    }

    /** The same spec with other mounts (e.g. bind sources resolved to their real paths). */
    public DobbySpec withMounts(List<Mount> resolved) {
        return new DobbySpec(args, uid, gid, memLimit, swapLimit, env, cwd, consolePath, consoleLimit, etc, network,
                List.copyOf(resolved), rtPriorityDefault, rtPriorityLimit, restartOnCrash, userNs, cpuShares,
                cpuCores, capabilities, seccomp, syslog, daemonFeatures);
    }
}
