package io.ociplane.oci.dobby.spec;

import static io.ociplane.oci.dobby.spec.SpecFields.flag;
import static io.ociplane.oci.dobby.spec.SpecFields.integer;
import static io.ociplane.oci.dobby.spec.SpecFields.invalid;
import static io.ociplane.oci.dobby.spec.SpecFields.strings;
import static io.ociplane.oci.dobby.spec.SpecFields.text;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerIds;
import io.ociplane.oci.dobby.spec.DobbySpec.DaemonFeature;

/**
 * Reads a legacy Dobby spec by Dobby's rules (docs/dobby-dbus.md#dobby-spec): JSON text of an object below 1 MiB
 * with the fields every spec needs, each field of its type and range. A field that breaks them is
 * {@code INVALID_ARGUMENT} naming it; unknown top-level keys are ignored, as Dobby does. Failures never quote the
 * text (docs/spec-safety.md). What the spec asks of the daemon's settings and plugins is recorded, not judged.
 */
public final class DobbySpecReader {

    private static final int MAX_SPEC = 1 << 20;
    private static final Set<String> VERSIONS = Set.of("1.0", "1.1");
    private static final Map<String, String> ETC_FILES = Map.of("passwd", "passwd", "group", "group", "hosts",
            "hosts", "services", "services", "ld-preload", "ld.so.preload");
    private static final Set<String> CAPABILITIES = Set.of("CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_RAW");
    private static final Set<String> SECCOMP_ACTIONS = Set.of("SCMP_ACT_ERRNO", "SCMP_ACT_ALLOW");
    private static final Pattern CORES = Pattern.compile("\\d{1,4}(-\\d{1,4})?(,\\d{1,4}(-\\d{1,4})?)*");
    private static final Pattern MOUNT_TYPE = Pattern.compile("[a-z0-9_.-]{1,32}");
    private static final long UINT32_MAX = 0xFFFF_FFFFL;
    private static final int MAX_CORES = 8;

    private final ObjectMapper mapper;

    public DobbySpecReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Checks only the fields every spec needs, as a client does before it hands a spec to the daemon. */
    public void checkRequired(String json) throws ContainerException {
        checkRequired(tree(json));
    }

    public DobbySpec read(String json) throws ContainerException {
        ObjectNode spec = tree(json);
        checkRequired(spec);
        List<String> args = strings(spec, "args");
        long memLimit = spec.get("memLimit").asLong();
        JsonNode console = spec.path("console");
        if (!console.isMissingNode() && !console.isNull() && !console.isObject()) {
            throw invalid("the Dobby spec's \"console\" must be null or {\"path\", \"limit\"}");
        }
        String consolePath = console.path("path").isTextual() ? consoleFile(console.get("path").asText()) : null;
        long consoleLimit = console.path("limit").isNull() || console.path("limit").isMissingNode() ? -1
                : integer(console.get("limit"), "console.limit", -1, Long.MAX_VALUE);
        String cwd = spec.path("cwd").isNull() || spec.path("cwd").isMissingNode() ? "/"
                : ContainerIds.checkAbsolutePath("cwd", text(spec.get("cwd"), "cwd"));
        Integer[] rtPriority = rtPriority(spec);
        return new DobbySpec(args, spec.get("user").get("uid").asInt(), spec.get("user").get("gid").asInt(),
                memLimit, swapLimit(spec, memLimit), env(spec), cwd, consolePath, consoleLimit, etc(spec),
                network(spec), mounts(spec), rtPriority[0], rtPriority[1], flag(spec, "restartOnCrash", false),
                flag(spec, "userNs", true), cpuShares(spec), cpuCores(spec), capabilities(spec), seccomp(spec),
                flag(spec, "syslog", false), daemonFeatures(spec));
    }

    private ObjectNode tree(String json) throws ContainerException {
        if (json == null || json.isBlank()) {
            throw invalid("the Dobby spec is missing");
        }
        if (json.length() > MAX_SPEC) {
            throw invalid("the Dobby spec must be JSON text below 1 MiB");
        }
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation(); // Jackson's own message would quote the text
            throw invalid("the Dobby spec is not valid JSON" + (at == null || at.getLineNr() < 1 ? ""
                    : " at line " + at.getLineNr() + " column " + at.getColumnNr()));
        }
        if (!(root instanceof ObjectNode spec)) {
            throw invalid("the Dobby spec must be a JSON object");
        }
        return spec;
    }

    /**
     * The fields every spec must have, checked before anything else is read: {@code version} "1.0" or "1.1",
     * {@code args} a non-empty array of strings, {@code user} with an integer {@code uid} (not 0) and {@code gid}
     * below 65535, {@code memLimit} a positive 32-bit integer.
     */
    private static void checkRequired(ObjectNode spec) throws ContainerException {
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

    /** The console file's name: absolute and naming a file (whether it may be written is the provider's call). */
    private static String consoleFile(String path) throws ContainerException {
        Path p = Path.of(ContainerIds.checkAbsolutePath("console.path", path));
        if (p.getFileName() == null) {
            throw invalid("console.path must name a file");
        }
        return p.toString();
    }

    private static List<String> env(ObjectNode spec) throws ContainerException {
        List<String> env = strings(spec, "env");
        for (String e : env) {
            if (e.indexOf('=') < 1) {
                throw invalid("environment entry '" + ContainerIds.shorten(e) + "' is not KEY=VALUE");
            }
        }
        return env;
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
                out.put(f.getValue(), strings((ObjectNode) etc, f.getKey()));
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
            if (!MOUNT_TYPE.matcher(type).matches()) {
                throw invalid("mount type '" + ContainerIds.shorten(type) + "' is not a file system type name");
            }
            List<String> options = m.has("options") ? strings((ObjectNode) m, "options") : List.of();
            for (String o : options) {
                if (o.isEmpty() || o.contains(",")) {
                    throw invalid("mount option '" + ContainerIds.shorten(o) + "' must be one non-empty option");
                }
            }
            out.add(new DobbySpec.Mount(source, destination, type, options));
        }
        return out;
    }

    /** The default and the limit: a version 1.0 spec gives the limit alone, a 1.1 spec an object of both. */
    private static Integer[] rtPriority(ObjectNode spec) throws ContainerException {
        JsonNode n = spec.path("rtPriority");
        if (n.isMissingNode() || n.isNull()) {
            return new Integer[2];
        }
        if (spec.get("version").asText().equals("1.0")) {
            return new Integer[] {null, (int) integer(n, "rtPriority", 0, 99)};
        }
        if (!n.isObject()) {
            throw invalid("rtPriority must be {\"default\": int, \"limit\": int} in a version 1.1 spec");
        }
        Integer def = n.has("default") ? (int) integer(n.get("default"), "rtPriority.default", 0, 99) : null;
        return new Integer[] {def, n.has("limit") ? (int) integer(n.get("limit"), "rtPriority.limit", 0, 99) : null};
    }

    private static Integer cpuShares(ObjectNode spec) throws ContainerException {
        JsonNode shares = cpu(spec).path("shares");
        return shares.isMissingNode() || shares.isNull() ? null
                : (int) (integer(shares, "cpu.shares", 1, 100) * 1024 / 100);
    }

    private static String cpuCores(ObjectNode spec) throws ContainerException {
        JsonNode cores = cpu(spec).path("cores");
        if (cores.isMissingNode() || cores.isNull()) {
            return null;
        }
        String text = text(cores, "cpu.cores");
        if (!CORES.matcher(text).matches()) {
            throw invalid("cpu.cores must be a list of cores and ranges such as \"0-1,3\"");
        }
        if (CpuSet.parse(text).size() > MAX_CORES) {
            throw invalid("cpu.cores names more than " + MAX_CORES + " cores");
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

    private static Set<DaemonFeature> daemonFeatures(ObjectNode spec) {
        Set<DaemonFeature> out = EnumSet.noneOf(DaemonFeature.class);
        if (spec.path("gpu").path("enable").asBoolean(false)) {
            out.add(DaemonFeature.GPU);
        }
        if (spec.path("vpu").path("enable").asBoolean(false)) {
            out.add(DaemonFeature.VPU);
        }
        if (spec.path("dbus").isObject() && spec.get("dbus").size() > 0) {
            out.add(DaemonFeature.DBUS);
        }
        if (spec.path("devices").isArray() && spec.get("devices").size() > 0) {
            out.add(DaemonFeature.DEVICES);
        }
        if (spec.path("plugins").isArray() && spec.get("plugins").size() > 0
                || spec.path("rdkPlugins").isObject() && spec.get("rdkPlugins").size() > 0) {
            out.add(DaemonFeature.PLUGINS);
        }
        return Set.copyOf(out);
    }
}
