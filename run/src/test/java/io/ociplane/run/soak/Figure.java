package io.ociplane.run.soak;

/**
 * What the soak samples at each quiet point (docs/soak.md#what-is-sampled), and how much rise over the trend
 * window a figure may show before a steady climb counts as a leak. The tolerances were chosen from the noise
 * measured in short runs on a loaded 2-core machine (docs/soak.md#thresholds).
 */
enum Figure {
    RSS("rss", "MB", "the runtime's resident memory, after a full GC and a trim of the native heap", 24,
            false),
    HEAP("heap", "MB", "Java heap in use after that GC (jcmd GC.run, GC.heap_info)", 1, false),
    METASPACE("meta", "MB", "metaspace in use after that GC", 3, false),
    THREADS("threads", "", "the runtime's threads", 8, false),
    FDS("fds", "", "the runtime's open file descriptors", 8, false),
    CONTAINERS("ctrs", "", "containers org.rdk.OCIContainer lists", 1, true),
    RUNC_STATES("runc", "", "containers runc knows (directories in the provider's runc root)", 1, true),
    RECORDS("records", "", "files in the provider's record directory", 1, true),
    WORKSPACES("wspaces", "", "the runc provider's workspace directories", 1, true),
    CGROUPS("cgroups", "", "cgroups below the provider's cgroup parent, over all hierarchies", 1, true),
    MOUNTS("mounts", "", "mount points under the soak's directories in /proc/<runtime>/mountinfo", 1, true),
    INTERFACES("ifaces", "", "veth ends of the run's nat address range (the bridge stays while the provider runs)", 1,
            true),
    ZOMBIES("zombies", "", "zombie processes below the runtime", 1, true);

    final String label;
    final String unit;
    final String meaning;
    /** The rise over the trend window (fitted slope times window) that a climbing figure must reach to fail. */
    final double tolerance;
    /** Whether the figure counts things that end with their container, so that it settles at a quiet point. */
    final boolean perContainer;

    Figure(String label, String unit, String meaning, double tolerance, boolean perContainer) {
        this.label = label;
        this.unit = unit;
        this.meaning = meaning;
        this.tolerance = tolerance;
        this.perContainer = perContainer;
    }
}
