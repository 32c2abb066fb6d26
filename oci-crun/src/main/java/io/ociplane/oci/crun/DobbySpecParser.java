package io.ociplane.oci.crun;

import static io.ociplane.oci.crun.SpecFields.flag;
import static io.ociplane.oci.crun.SpecFields.integer;
import static io.ociplane.oci.crun.SpecFields.strings;
import static io.ociplane.oci.crun.SpecFields.text;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerException.Reason;
import io.ociplane.oci.api.ContainerIds;
import io.ociplane.oci.api.HostPaths;

/**
 * Reads a legacy Dobby spec into a {@link DobbySpec}. Malformed fields are {@code INVALID_ARGUMENT}; fields this
 * provider cannot honour are {@code UNSUPPORTED} with the reason, never silently dropped: {@code gpu}/{@code vpu}
 * enabled (no GPU settings), {@code dbus} (Dobby's IPC plugin), {@code devices} (Dobby's device whitelist),
 * {@code plugins}/{@code rdkPlugins}, loop mounts (Dobby's Storage plugin), and a {@code rtPriority.default} above
 * 0 (the runtime cannot set a scheduling priority). Unknown top-level keys are ignored, as Dobby does.
 * Host paths (bind sources) follow the host path rules and are kept as their real paths (docs/spec-safety.md).
 * {@code network} is one of Dobby's modes (docs/networking.md); nat gets no dnsmasq (the host's resolv.conf instead).
 */
final class DobbySpecParser {

    private static final Map<String, String> ETC_FILES = Map.of("passwd", "passwd", "group", "group", "hosts",
            "hosts", "services", "services", "ld-preload", "ld.so.preload");
    private static final Set<String> CAPABILITIES = Set.of("CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_RAW");
    private static final Set<String> SECCOMP_ACTIONS = Set.of("SCMP_ACT_ERRNO", "SCMP_ACT_ALLOW");
    private static final Pattern CORES = Pattern.compile("\\d{1,4}(-\\d{1,4})?(,\\d{1,4}(-\\d{1,4})?)*");
    private static final Pattern MOUNT_TYPE = Pattern.compile("[a-z0-9_.-]{1,32}");
    private static final long UINT32_MAX = 0xFFFF_FFFFL;
    private static final Set<String> VERSIONS = Set.of("1.0", "1.1");

    private final ObjectMapper mapper;
    private final CpuSet onlineCpus;

    DobbySpecParser(ObjectMapper mapper, CpuSet onlineCpus) {
        this.mapper = mapper;
        this.onlineCpus = onlineCpus;
    }

    @SuppressWarnings("unchecked")
    DobbySpec parse(String json) throws ContainerException {
        JsonNode root;
        try {
            root = json == null ? null : mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw invalid(JsonErrors.notValid("the Dobby spec", e));
        }
        if (!(root instanceof ObjectNode spec)) {
            throw invalid("the Dobby spec must be a JSON object");
        }
        checkMandatory(spec);
        refuseUnsupported(spec);
        List<String> args = strings(spec, "args");
        for (String a : args) {
            CommandLines.checkText("args", a);
        }
        long memLimit = spec.get("memLimit").asLong();
        JsonNode console = spec.path("console");
        if (!console.isMissingNode() && !console.isNull() && !console.isObject()) {
            throw invalid("the Dobby spec's \"console\" must be null or {\"path\", \"limit\"}");
        }
        String consolePath = console.path("path").isTextual() ? consoleFile(console.get("path").asText()) : null;
        long consoleLimit = console.path("limit").isNull() || console.path("limit").isMissingNode() ? -1
                : integer(console.get("limit"), "console.limit", -1, Long.MAX_VALUE);
        List<String> env = new ArrayList<>();
        for (String e : strings(spec, "env")) {
            env.add(CommandLines.checkEnv(e));
        }
        String cwd = spec.path("cwd").isNull() || spec.path("cwd").isMissingNode() ? "/"
                : ContainerIds.checkAbsolutePath("cwd", text(spec.get("cwd"), "cwd"));
        return new DobbySpec(args, spec.get("user").get("uid").asInt(), spec.get("user").get("gid").asInt(),
                memLimit, swapLimit(spec, memLimit), env, cwd, consolePath, consoleLimit, etc(spec),
                network(spec), mounts(spec), rtPriority(spec), flag(spec, "restartOnCrash", false),
                flag(spec, "userNs", true), cpuShares(spec), cpuCores(spec), capabilities(spec), seccomp(spec),
                flag(spec, "syslog", false));
    }

    /**
     * The fields every spec must have (docs/dobby-dbus.md#dobby-spec), checked before anything else is read:
     * {@code version} "1.0" or "1.1", {@code args} a non-empty array of strings, {@code user} with an integer
     * {@code uid} (not 0) and {@code gid} below 65535, {@code memLimit} a positive 32-bit integer.
     */
    private static void checkMandatory(ObjectNode spec) throws ContainerException {
        JsonNode version = spec.path("version");
        if (!version.isTextual() || !VERSIONS.contains(version.asText())) {
            throw invalid("the Dobby spec needs \"version\": \"1.0\" or \"1.1\"");
        }
        JsonNode args = spec.path("args");
        boolean texts = args.isArray() && !args.isEmpty();
        for (JsonNode a : args) {
            texts &= a.isTextual();
        }
        if (!texts) {
            throw invalid("the Dobby spec needs \"args\": a non-empty array of strings");
        }
        JsonNode user = spec.path("user");
        if (!user.isObject() || !within(user.get("uid"), 1, 65534) || !within(user.get("gid"), 0, 65534)) {
            throw invalid("the Dobby spec needs \"user\": {\"uid\": 1..65534, \"gid\": 0..65534}");
        }
        if (!within(spec.get("memLimit"), 1, UINT32_MAX)) {
            throw invalid("the Dobby spec needs \"memLimit\": bytes, 1..4294967295");
        }
    }

    private static boolean within(JsonNode n, long min, long max) {
        return n != null && n.isIntegralNumber() && n.canConvertToLong() && n.asLong() >= min && n.asLong() <= max;
    }

    /**
     * The console file's name: absolute and naming a file. Whether it may be written is decided when the
     * container starts ({@link ConsoleFiles}), since that depends on the container's id.
     */
    private static String consoleFile(String path) throws ContainerException {
        Path p = Path.of(ContainerIds.checkAbsolutePath("console.path", path));
        if (p.getFileName() == null) {
            throw invalid("console.path must name a file");
        }
        return p.toString();
    }

    private static Long swapLimit(ObjectNode spec, long memLimit) throws ContainerException {
        JsonNode n = spec.path("swapLimit");
        return n.isMissingNode() || n.isNull() ? null : integer(n, "swapLimit", memLimit, UINT32_MAX);
    }

    private static Map<String, List<String>> etc(ObjectNode spec) throws ContainerException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        JsonNode etc = spec.path("etc");
        if (etc.isMissingNode() || etc.isNull()) {
            return out;
        }
        if (!etc.isObject()) {
            throw invalid("the Dobby spec's \"etc\" must be an object of line arrays");
        }
        for (Map.Entry<String, String> f : ETC_FILES.entrySet()) {
            if (etc.has(f.getKey())) {
                List<String> lines = strings((ObjectNode) etc, f.getKey());
                for (String line : lines) {
                    CommandLines.checkText("etc." + f.getKey() + " line", line);
                }
                out.put(f.getValue(), lines);
            }
        }
        return out;
    }

    private static DobbySpec.Network network(ObjectNode spec) throws ContainerException {
        JsonNode n = spec.path("network");
        if (n.isMissingNode() || n.isNull()) {
            return DobbySpec.Network.PRIVATE;
        }
        return switch (n.isTextual() ? n.asText() : "") {
            case "private" -> DobbySpec.Network.PRIVATE;
            case "nat" -> DobbySpec.Network.NAT;
            case "open" -> DobbySpec.Network.OPEN;
            default -> throw invalid("the Dobby spec's \"network\" must be \"nat\", \"open\", \"private\" or null");
        };
    }

    private static List<DobbySpec.Mount> mounts(ObjectNode spec) throws ContainerException {
        List<DobbySpec.Mount> out = new ArrayList<>();
        JsonNode mounts = spec.path("mounts");
        if (mounts.isMissingNode() || mounts.isNull()) {
            return out;
        }
        if (!mounts.isArray()) {
            throw invalid("the Dobby spec's \"mounts\" must be an array");
        }
        for (JsonNode m : mounts) {
            if (!m.isObject()) {
                throw invalid("each Dobby spec mount must be an object");
            }
            String type = text(m.get("type"), "mounts[].type");
            String source = text(m.get("source"), "mounts[].source");
            String destination = ContainerIds.checkAbsolutePath("mounts[].destination",
                    text(m.get("destination"), "mounts[].destination"));
            if (destination.equals("/")) {
                throw invalid("a mount may not cover the container's root directory");
            }
            if (type.equals("loop")) {
                throw unsupported("loop mounts need Dobby's Storage plugin; the " + "runc provider has none");
            }
            if (!MOUNT_TYPE.matcher(type).matches()) {
                throw invalid("mount type '" + ContainerIds.shorten(type) + "' is not a file system type name");
            }
            List<String> options = m.has("options") ? strings((ObjectNode) m, "options") : List.of();
            for (String o : options) {
                if (o.isEmpty() || o.contains(",")) {
                    throw invalid("mount option '" + ContainerIds.shorten(o) + "' must be one non-empty option");
                }
                CommandLines.checkText("mount option", o);
            }
            DobbySpec.Mount mount = new DobbySpec.Mount(source, destination, type, options);
            if (mount.isBind()) { // bound by its real path, checked by the host path rules (docs/spec-safety.md)
                mount = new DobbySpec.Mount(HostPaths.bindSource("mounts[].source", source).toString(), destination,
                        type, options);
            } else {
                CommandLines.checkText("mounts[].source", source);
            }
            out.add(mount);
        }
        return out;
    }

    private static Integer rtPriority(ObjectNode spec) throws ContainerException {
        JsonNode n = spec.path("rtPriority");
        if (n.isMissingNode() || n.isNull()) {
            return null;
        }
        if (spec.get("version").asText().equals("1.0")) {
            return (int) integer(n, "rtPriority", 0, 99);
        }
        if (!n.isObject()) {
            throw invalid("rtPriority must be {\"default\": int, \"limit\": int} in a version 1.1 spec");
        }
        long def = n.has("default") ? integer(n.get("default"), "rtPriority.default", 0, 99) : 0;
        if (def > 0) {
            throw unsupported("rtPriority.default " + def + " needs Dobby's RT plugin to set a scheduling priority;"
                    + " this provider can only set the limit (RLIMIT_RTPRIO)");
        }
        return n.has("limit") ? (int) integer(n.get("limit"), "rtPriority.limit", 0, 99) : null;
    }

    private static Integer cpuShares(ObjectNode spec) throws ContainerException {
        JsonNode shares = cpu(spec).path("shares");
        return shares.isMissingNode() || shares.isNull() ? null
                : (int) (integer(shares, "cpu.shares", 1, 100) * 1024 / 100);
    }

    private String cpuCores(ObjectNode spec) throws ContainerException {
        JsonNode cores = cpu(spec).path("cores");
        if (cores.isMissingNode() || cores.isNull()) {
            return null;
        }
        String text = text(cores, "cpu.cores");
        if (!CORES.matcher(text).matches()) {
            throw invalid("cpu.cores must be a list of cores and ranges such as \"0-1,3\"");
        }
        CpuSet wanted = CpuSet.parse(text);
        if (wanted.size() > 8) {
            throw invalid("cpu.cores names more than 8 cores");
        }
        if (!onlineCpus.containsAll(wanted)) {
            throw invalid("cpu.cores \"" + ContainerIds.shorten(text) + "\" names cores that are not online here ("
                    + onlineCpus + ")");
        }
        return text;
    }

    private static JsonNode cpu(ObjectNode spec) throws ContainerException {
        JsonNode cpu = spec.path("cpu");
        if (!cpu.isMissingNode() && !cpu.isNull() && !cpu.isObject()) {
            throw invalid("the Dobby spec's \"cpu\" must be an object");
        }
        return cpu;
    }

    private static List<String> capabilities(ObjectNode spec) throws ContainerException {
        if (!spec.has("capabilities") || spec.get("capabilities").isNull()) {
            return null;
        }
        List<String> caps = strings(spec, "capabilities");
        for (String c : caps) {
            if (!CAPABILITIES.contains(c)) {
                throw invalid("capability '" + ContainerIds.shorten(c) + "' is not one of " + CAPABILITIES);
            }
        }
        return caps;
    }

    private ObjectNode seccomp(ObjectNode spec) throws ContainerException {
        JsonNode s = spec.path("seccomp");
        if (s.isMissingNode() || s.isNull()) {
            return null;
        }
        String defaultAction = text(s.get("defaultAction"), "seccomp.defaultAction");
        JsonNode syscalls = s.path("syscalls");
        String action = text(syscalls.get("action"), "seccomp.syscalls.action");
        if (!SECCOMP_ACTIONS.contains(defaultAction) || !SECCOMP_ACTIONS.contains(action)) {
            throw invalid("seccomp actions must be one of " + SECCOMP_ACTIONS);
        }
        if (!syscalls.isObject()) {
            throw invalid("seccomp.syscalls must be an object");
        }
        List<String> names = strings((ObjectNode) syscalls, "names");
        if (names.isEmpty()) {
            throw invalid("seccomp.syscalls.names must not be empty");
        }
        ObjectNode oci = mapper.createObjectNode().put("defaultAction", defaultAction);
        ObjectNode rule = oci.putArray("syscalls").addObject();
        names.forEach(rule.putArray("names")::add);
        rule.put("action", action);
        return oci;
    }

    /** The fields that need Dobby plugins or settings this provider has not. */
    private static void refuseUnsupported(ObjectNode spec) throws ContainerException {
        for (String device : List.of("gpu", "vpu")) {
            if (spec.path(device).path("enable").asBoolean(false)) {
                throw unsupported(device + " needs the device setup of Dobby's settings; this provider has none");
            }
        }
        if (spec.path("dbus").isObject() && spec.get("dbus").size() > 0) {
            throw unsupported("dbus needs Dobby's IPC plugin; this provider has none");
        }
        if (spec.path("syslog").asBoolean(false) && !Files.exists(Path.of("/dev/log"))) {
            throw unsupported("syslog needs the host's /dev/log, which this machine does not have");
        }
        if (spec.path("devices").isArray() && spec.get("devices").size() > 0) {
            throw unsupported("devices need Dobby's device whitelist; this provider has none");
        }
        if (spec.path("plugins").isArray() && spec.get("plugins").size() > 0
                || spec.path("rdkPlugins").isObject() && spec.get("rdkPlugins").size() > 0) {
            throw unsupported("plugins and rdkPlugins are Dobby plugins, which only the Dobby daemon runs");
        }
    }

    private static ContainerException invalid(String message) {
        return new ContainerException(Reason.INVALID_ARGUMENT, message);
    }

    private static ContainerException unsupported(String message) {
        return new ContainerException(Reason.UNSUPPORTED, message);
    }
}
