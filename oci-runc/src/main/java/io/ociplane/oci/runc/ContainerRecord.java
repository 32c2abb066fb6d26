package io.ociplane.oci.runc;

import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the provider persists of a container so that a later provider (after a bundle update or a framework
 * restart) can re-adopt it: its id and descriptor, where its workspace is, how to recognise its init process, and
 * what it needs to run on (console limit, restart on crash, nat address, annotations).
 *
 * @param initPid the container's init in the host's pid namespace, 0 while the start is still under way
 * @param initStartTicks the init's start time ({@link ProcFs#startTicks(long)}), to tell it from a reused pid
 */
record ContainerRecord(String id, int descriptor, String workspace, LaunchOptions launch, long initPid,
        long initStartTicks, Map<String, String> annotations) {

    ContainerRecord {
        annotations = Map.copyOf(annotations);
    }

    ObjectNode toJson(ObjectMapper mapper) {
        ObjectNode o = mapper.createObjectNode();
        o.put("id", id);
        o.put("descriptor", descriptor);
        o.put("workspace", workspace);
        o.put("kind", launch.kind());
        o.put("consolePath", launch.consolePath());
        o.put("consoleLimit", launch.consoleLimit());
        o.put("restartOnCrash", launch.restartOnCrash());
        o.put("natAddress", launch.natAddress());
        o.put("initPid", initPid);
        o.put("initStartTicks", initStartTicks);
        ObjectNode a = o.putObject("annotations");
        new TreeMap<>(annotations).forEach(a::put);
        return o;
    }

    /**
     * The record of the members in {@code o} with {@code annotations} (read apart, see {@link RecordReader}), or
     * {@code null} when it is not one of ours.
     */
    static ContainerRecord fromJson(JsonNode o, Map<String, String> annotations) {
        if (o == null || !o.path("id").isTextual() || !o.path("descriptor").isInt()
                || !o.path("workspace").isTextual()) {
            return null;
        }
        JsonNode console = o.path("consolePath");
        JsonNode nat = o.path("natAddress");
        LaunchOptions launch = new LaunchOptions(o.path("kind").asText("bundle"),
                console.isTextual() ? console.asText() : null, o.path("consoleLimit").asLong(-1),
                o.path("restartOnCrash").asBoolean(false), nat.isTextual() ? nat.asText() : null);
        return new ContainerRecord(o.get("id").asText(), o.get("descriptor").asInt(), o.get("workspace").asText(),
                launch, o.path("initPid").asLong(0), o.path("initStartTicks").asLong(0), annotations);
    }
}
