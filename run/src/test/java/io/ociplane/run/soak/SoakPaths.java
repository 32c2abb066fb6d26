package io.ociplane.run.soak;

import java.nio.file.Path;

/**
 * What a soak run's runtime is given on the host: one directory (plugin and deploy directories, the runc
 * provider's state and workspaces, the runtime's log), a cgroup parent, a nat bridge and address range of the run's
 * own, so that the figures count only the run's things and the cleanup touches nothing else.
 */
record SoakPaths(Path work, String cgroupParent, String bridge, String natRange) {

    Path plugins() {
        return work.resolve("plugins");
    }

    Path deploy() {
        return work.resolve("deploy");
    }

    Path state() {
        return work.resolve("runc");
    }

    /** runc's --root under the provider's state directory: one directory per container runc knows. */
    Path runcRoot() {
        return state().resolve("runc");
    }

    /** The provider's per-container records (and pid files). */
    Path records() {
        return state().resolve("containers");
    }

    Path workspaces() {
        return work.resolve("workspaces");
    }

    Path log() {
        return work.resolve("runtime.log");
    }

    Path jcmdCommands() {
        return work.resolve("heap.jcmd");
    }
}
