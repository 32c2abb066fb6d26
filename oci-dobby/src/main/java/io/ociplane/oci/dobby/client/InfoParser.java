package io.ociplane.oci.dobby.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerException.Reason;
import io.ociplane.oci.api.ContainerInfo;
import io.ociplane.oci.api.ContainerInfo.MemoryUsage;
import io.ociplane.oci.dobby.bus.DobbyStates;

/**
 * GetInfo's JSON (docs/dobby-dbus.md#getinfo) to {@link ContainerInfo}; parsed, never matched as text (jsoncpp's
 * layout differs between versions). A value the daemon could not read is null there and null here. GetInfo has no
 * resident or shared memory figures: those stay null.
 */
final class InfoParser {

    private final ObjectMapper json = new ObjectMapper();

    ContainerInfo parse(String text) throws ContainerException {
        JsonNode root;
        try {
            root = json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ContainerException(Reason.PROVIDER_ERROR, "GetInfo returned no valid JSON: "
                    + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new ContainerException(Reason.PROVIDER_ERROR, "GetInfo returned no JSON object");
        }
        JsonNode cpu = root.path("cpu").path("usage");
        return new ContainerInfo(root.path("id").asText(null), DobbyStates.ofInfoName(root.path("state").asText("")),
                root.path("timestamp").asLong(0),
                new ContainerInfo.CpuUsage(longOrNull(cpu.get("total")), longs(cpu.get("percpu"))),
                memory(root.path("memory").path("user")), ints(root.get("pids")), processes(root.get("processes")),
                annotations(root.get("annotations")), root.has("gpu") ? memory(root.path("gpu").path("memory")) : null,
                ionHeaps(root.get("ion")));
    }

    /** A memory cgroup's figures as GetInfo writes them. */
    private static MemoryUsage memory(JsonNode m) {
        return new MemoryUsage(longOrNull(m.get("limit")), longOrNull(m.get("usage")), longOrNull(m.get("max")),
                longOrNull(m.get("failcnt")), null, null);
    }

    private static Map<String, MemoryUsage> ionHeaps(JsonNode ion) {
        if (ion == null || !ion.path("heaps").isObject()) {
            return null;
        }
        Map<String, MemoryUsage> out = new TreeMap<>();
        ion.get("heaps").fields().forEachRemaining(e -> out.put(e.getKey(), memory(e.getValue())));
        return out;
    }

    private static Long longOrNull(JsonNode n) {
        return n == null || !n.isNumber() ? null : n.asLong();
    }

    private static List<Long> longs(JsonNode n) {
        if (n == null || !n.isArray()) {
            return null; // cgroup v2 reports percpu as null
        }
        List<Long> out = new ArrayList<>();
        n.forEach(v -> out.add(v.asLong()));
        return out;
    }

    private static List<Integer> ints(JsonNode n) {
        List<Integer> out = new ArrayList<>();
        if (n != null && n.isArray()) {
            n.forEach(v -> out.add(v.asInt()));
        }
        return out;
    }

    private static List<ContainerInfo.ProcessInfo> processes(JsonNode n) {
        List<ContainerInfo.ProcessInfo> out = new ArrayList<>();
        if (n != null && n.isArray()) {
            n.forEach(p -> out.add(new ContainerInfo.ProcessInfo(p.path("pid").asInt(), p.path("nsPid").asInt(-1),
                    p.path("executable").asText(null), p.path("cmdline").asText(null))));
        }
        return out;
    }

    private static Map<String, String> annotations(JsonNode n) {
        Map<String, String> out = new TreeMap<>();
        if (n != null && n.isObject()) {
            n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        }
        return out;
    }
}
