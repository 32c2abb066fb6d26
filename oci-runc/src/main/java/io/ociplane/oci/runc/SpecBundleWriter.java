package io.ociplane.oci.runc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerException.Reason;
import io.ociplane.oci.dobby.spec.DobbySpec;

/**
 * Turns a {@link DobbySpec} into an OCI bundle in a workspace, shaped like Dobby's own template: a read-only
 * rootfs of empty mount points over which the host's {@code /lib}, {@code /lib64}, {@code /bin}, {@code /sbin} and
 * {@code /usr} are bound read-only, tmpfs {@code /tmp} and {@code /dev}, {@code /etc} files from the spec's lines,
 * the app as the spec's user (or as root of a user namespace mapped to that user), under an init in DobbyInit's role,
 * in the network mode the spec names (docs/networking.md).
 */
final class SpecBundleWriter {

    /** What a nat container's config gets beyond a network namespace of its own: the hook onto the bridge. */
    interface NatEdit {
        void apply(ObjectNode config, Path workspace) throws ContainerException;
    }

    /** Where the init is bound inside the container (Dobby's is /usr/libexec/DobbyInit, a host file there). */
    static final String INIT_PATH = "/ociplane-init";
    private static final List<String> HOST_DIRS = List.of("/lib", "/lib64", "/bin", "/sbin", "/usr");
    private static final Set<String> NOT_OURS = Set.of("lib", "lib64", "bin", "sbin", "usr", "proc", "sys", "dev",
            "tmp");
    private static final List<String> BASE_CAPS = List.of("CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE");

    private final ObjectMapper mapper;
    private final Path init;
    private final Path hostRoot;
    private final String cgroupParent;

    /**
     * @param init the host's init binary, or {@code null} to run the app as pid 1
     * @param hostRoot where the host's system directories are ({@code /}; another root only in tests)
     * @param cgroupParent the provider's cgroup parent, under which each container's cgroup is named by its id
     */
    SpecBundleWriter(ObjectMapper mapper, Path init, Path hostRoot, String cgroupParent) {
        this.mapper = mapper;
        this.init = init;
        this.hostRoot = hostRoot;
        this.cgroupParent = cgroupParent;
    }

    /**
     * Writes {@code rootfs/} and {@code config.json} into the workspace.
     *
     * @param nat the edit of a {@code nat} container's config (not used for the other modes)
     */
    void write(DobbySpec spec, List<String> args, List<String> extraEnv, String westeros, String id,
            Path workspace, NatEdit nat) throws ContainerException {
        ObjectNode config = config(spec, args, id, workspace.resolve("rootfs"));
        if (spec.network() == DobbySpec.Network.NAT) {
            nat.apply(config, workspace);
        }
        ConfigEdits.addEnv(config, spec.env());
        ConfigEdits.addEnv(config, extraEnv);
        if (westeros != null && !westeros.isEmpty()) {
            ConfigEdits.addWesteros(config, westeros);
        }
        ConfigEdits.addEnv(config, List.of("HOME=/home/private", "PATH=/usr/sbin:/usr/bin:/sbin:/bin"));
        try {
            writeRootfs(spec, config, workspace.resolve("rootfs"));
            Files.write(workspace.resolve("config.json"), mapper.writerWithDefaultPrettyPrinter()
                    .writeValueAsBytes(config));
        } catch (IOException e) {
            throw new ContainerException(Reason.PROVIDER_ERROR, "cannot write the bundle of '" + id + "': "
                    + e.getMessage(), e);
        }
    }

    private ObjectNode config(DobbySpec spec, List<String> args, String id, Path rootfs) {
        ObjectNode c = mapper.createObjectNode().put("ociVersion", "1.0.2");
        ObjectNode process = c.putObject("process").put("terminal", false);
        process.putObject("user").put("uid", spec.userNs() ? 0 : spec.uid()).put("gid", spec.userNs() ? 0 : spec.gid());
        List<String> argv = new ArrayList<>();
        if (init != null) {
            argv.addAll(List.of(INIT_PATH, "--"));
        }
        argv.addAll(args);
        ConfigEdits.setArgs(c, argv);
        process.put("cwd", spec.cwd());
        process.putArray("env");
        ObjectNode caps = process.putObject("capabilities");
        for (String set : List.of("bounding", "effective", "inheritable", "permitted", "ambient")) {
            ArrayNode a = caps.putArray(set);
            BASE_CAPS.forEach(a::add);
            if (set.equals("bounding") && spec.capabilities() != null) {
                spec.capabilities().stream().filter(x -> !BASE_CAPS.contains(x)).forEach(a::add);
            }
        }
        ArrayNode rlimits = process.putArray("rlimits");
        rlimit(rlimits, "RLIMIT_NOFILE", 1024);
        rlimit(rlimits, "RLIMIT_NPROC", 300);
        if (spec.rtPriorityLimit() != null) {
            rlimit(rlimits, "RLIMIT_RTPRIO", spec.rtPriorityLimit());
        }
        process.put("noNewPrivileges", spec.capabilities() == null);
        c.putObject("root").put("path", rootfs.toString()).put("readonly", true);
        c.put("hostname", id);
        mounts(c.putArray("mounts"), spec);
        linux(c.putObject("linux"), spec, id);
        return c;
    }

    private void mounts(ArrayNode mounts, DobbySpec spec) {
        mount(mounts, "/tmp", "tmpfs", "tmpfs", "nosuid", "noexec", "nodev", "size=65536k", "nr_inodes=8k");
        mount(mounts, "/dev", "tmpfs", "tmpfs", "nosuid", "noexec", "strictatime", "mode=755", "size=65536k");
        mount(mounts, "/dev/pts", "devpts", "devpts", "nosuid", "noexec", "newinstance", "ptmxmode=0666",
                "mode=0620", "gid=5");
        mount(mounts, "/dev/shm", "tmpfs", "shm", "nosuid", "noexec", "nodev", "mode=1777", "nr_inodes=8k");
        if (spec.network().ownNamespace()) { // sysfs needs a network namespace of the container's own
            mount(mounts, "/sys", "sysfs", "sysfs", "nosuid", "noexec", "nodev", "ro");
        }
        for (String dir : hostDirs()) {
            mount(mounts, dir, "bind", hostRoot.resolve(dir.substring(1)).toString(), "rbind", "nosuid", "nodev",
                    "ro");
        }
        if (init != null) {
            mount(mounts, INIT_PATH, "bind", init.toString(), "bind", "ro", "nosuid", "nodev");
        }
        if (spec.syslog()) {
            mount(mounts, "/dev/log", "bind", "/dev/log", "bind", "ro");
        }
        for (DobbySpec.Mount m : spec.mounts()) {
            mount(mounts, m.destination(), m.type(), m.source(), m.options().toArray(String[]::new));
        }
        mount(mounts, "/proc", "proc", "proc", "nosuid", "noexec", "nodev");
    }

    private void linux(ObjectNode linux, DobbySpec spec, String id) {
        if (spec.userNs()) { // as Dobby: container root is the spec's user; gids 0..9 so devpts' gid 5 exists
            linux.putArray("uidMappings").addObject().put("containerID", 0).put("hostID", spec.uid()).put("size", 1);
            linux.putArray("gidMappings").addObject().put("containerID", 0).put("hostID", spec.gid()).put("size", 10);
        }
        ObjectNode resources = linux.putObject("resources");
        resources.putArray("devices").addObject().put("allow", false).put("access", "rwm");
        ObjectNode memory = resources.putObject("memory").put("limit", spec.memLimit());
        if (spec.swapLimit() != null) {
            memory.put("swap", spec.swapLimit());
        }
        ObjectNode cpu = resources.putObject("cpu");
        if (spec.cpuShares() != null) {
            cpu.put("shares", spec.cpuShares());
        }
        if (spec.cpuCores() != null) {
            cpu.put("cpus", spec.cpuCores());
        }
        linux.put("cgroupsPath", cgroupParent + "/" + id);
        ArrayNode ns = linux.putArray("namespaces");
        List<String> types = new ArrayList<>(List.of("pid", "ipc", "uts", "mount"));
        if (spec.network().ownNamespace()) { // nat: runc makes it, the hook plugs it into the bridge
            types.add("network");
        }
        if (spec.userNs()) {
            types.add("user");
        }
        types.forEach(t -> ns.addObject().put("type", t));
        List.of("/proc/kcore", "/proc/latency_stats", "/proc/timer_stats", "/proc/sched_debug")
                .forEach(linux.putArray("maskedPaths")::add);
        List.of("/proc/asound", "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger")
                .forEach(linux.putArray("readonlyPaths")::add);
        if (spec.seccomp() != null) {
            linux.set("seccomp", spec.seccomp());
        }
    }

    /**
     * The rootfs: mount points for everything mounted (which a user-namespaced runtime could not create in a
     * directory it does not own), /etc files, and /home/private; owned by the mapped user under a user namespace.
     */
    private void writeRootfs(DobbySpec spec, ObjectNode config, Path rootfs) throws IOException {
        List<Path> created = new ArrayList<>();
        created.add(Files.createDirectory(rootfs));
        for (String dir : List.of("proc", "sys", "dev", "tmp", "etc", "home", "home/private")) {
            created.add(Files.createDirectories(rootfs.resolve(dir)));
        }
        for (String dir : hostDirs()) {
            created.add(Files.createDirectories(rootfs.resolve(dir.substring(1))));
        }
        for (var m : config.get("mounts")) {
            String destination = m.get("destination").asText().substring(1);
            if (NOT_OURS.contains(destination.split("/")[0]) || Files.exists(rootfs.resolve(destination),
                    LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            Path point = rootfs.resolve(destination);
            created.add(Files.createDirectories(point.getParent()));
            boolean file = m.get("type").asText().equals("bind")
                    && Files.isRegularFile(Path.of(m.get("source").asText()));
            created.add(file ? Files.createFile(point) : Files.createDirectory(point));
        }
        List<String> hosts = spec.etc().getOrDefault("hosts", List.of("127.0.0.1\tlocalhost", "::1\tlocalhost"));
        created.add(writeLines(rootfs.resolve("etc/hosts"), hosts));
        for (var f : spec.etc().entrySet()) {
            if (!f.getKey().equals("hosts")) {
                created.add(writeLines(rootfs.resolve("etc").resolve(f.getKey()), f.getValue()));
            }
        }
        Path resolv = hostRoot.resolve("etc/resolv.conf");
        if (spec.network() != DobbySpec.Network.PRIVATE && Files.isReadable(resolv)) { // names resolve as on the host
            created.add(Files.write(rootfs.resolve("etc/resolv.conf"), Files.readAllBytes(resolv)));
        }
        if (spec.userNs()) {
            for (Path p : created) {
                Files.setAttribute(p, "unix:uid", spec.uid(), LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(p, "unix:gid", spec.gid(), LinkOption.NOFOLLOW_LINKS);
            }
        }
    }

    /** The host's system directories that exist (a merged-/usr host has /lib64 as a link, which binds fine). */
    private List<String> hostDirs() {
        return HOST_DIRS.stream().filter(d -> Files.isDirectory(hostRoot.resolve(d.substring(1)))).toList();
    }

    private static Path writeLines(Path file, List<String> lines) throws IOException {
        StringBuilder text = new StringBuilder();
        lines.forEach(l -> text.append(l).append('\n'));
        return Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static void mount(ArrayNode mounts, String destination, String type, String source, String... options) {
        ObjectNode m = mounts.addObject().put("destination", destination).put("type", type).put("source", source);
        ArrayNode o = m.putArray("options");
        for (String option : options) {
            o.add(option);
        }
    }

    private static void rlimit(ArrayNode rlimits, String type, long value) {
        rlimits.addObject().put("type", type).put("hard", value).put("soft", value);
    }
}
