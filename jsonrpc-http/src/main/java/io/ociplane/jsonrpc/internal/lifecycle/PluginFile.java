package io.ociplane.jsonrpc.internal.lifecycle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ociplane.jsonrpc.spi.JsonRpcPlugin;

/**
 * One Thunder plugin configuration file ({@code /etc/WPEFramework/plugins/<name>.json}): callsign, locator,
 * classname, start flags, preconditions and the plugin's own {@code configuration} object.
 *
 * @param startmode {@code Activated}, {@code Deactivated} or {@code Unavailable}, or {@code null}
 * @param autostart the R2/R4 start flag, or {@code null} when absent
 * @param configuration the plugin's {@code configuration} object, or {@code null}
 * @param keys the file's object as read, for the keys the Controller's status shows as they are set
 *            ({@code null}: none)
 */
public record PluginFile(String callsign, String locator, String classname, Boolean autostart, String startmode,
        List<String> precondition, JsonNode configuration, Path source, ObjectNode keys) {

    /** A file known only by these members (tests). */
    public PluginFile(String callsign, String locator, String classname, Boolean autostart, String startmode,
            List<String> precondition, JsonNode configuration, Path source) {
        this(callsign, locator, classname, autostart, startmode, precondition, configuration, source, null);
    }

    /** The value of a key as the file sets it, or {@code null} when it does not. */
    public JsonNode declared(String key) {
        return keys == null ? null : keys.get(key);
    }

    /** Reads a file; a missing {@code callsign} defaults to the file name without {@code .json}. */
    public static PluginFile read(Path file, ObjectMapper mapper) throws IOException {
        JsonNode root = mapper.readTree(Files.readAllBytes(file));
        if (root == null || !root.isObject()) {
            throw new IOException(file + ": a plugin file must hold a JSON object");
        }
        String locator = text(root, "locator");
        String classname = text(root, "classname");
        if (locator == null || classname == null) {
            throw new IOException(file + ": 'locator' and 'classname' are required");
        }
        String name = file.getFileName().toString();
        String callsign = text(root, "callsign");
        if (callsign == null || callsign.isEmpty()) {
            callsign = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
        }
        if (callsign.indexOf('/') >= 0 || callsign.indexOf('@') >= 0) {
            throw new IOException(file + ": callsign must not contain '/' or '@': " + callsign);
        }
        JsonNode auto = root.get("autostart");
        Boolean autostart = auto == null || auto.isNull() ? null
                : auto.isBoolean() ? auto.booleanValue() : Boolean.valueOf(auto.asText());
        List<String> precondition = null;
        JsonNode pre = root.get("precondition");
        if (pre != null && pre.isArray()) {
            precondition = new ArrayList<>();
            for (JsonNode p : pre) {
                precondition.add(p.asText());
            }
        }
        JsonNode configuration = root.get("configuration");
        return new PluginFile(callsign, locator, classname, autostart, text(root, "startmode"),
                precondition == null ? null : List.copyOf(precondition),
                configuration == null || configuration.isNull() ? null : configuration, file, (ObjectNode) root);
    }

    /** Thunder's precedence: an explicit {@code startmode}, then {@code autostart}, then activated. */
    public boolean startsActivated() {
        if (startmode != null) {
            return "Activated".equalsIgnoreCase(startmode) || "Resumed".equalsIgnoreCase(startmode)
                    || "Suspended".equalsIgnoreCase(startmode);
        }
        return autostart == null || autostart;
    }

    /** Whether {@code startmode} and {@code autostart} are both set and say different things. */
    public boolean startFlagsDisagree() {
        return startmode != null && autostart != null && autostart != startsActivated();
    }

    /**
     * The ConfigAdmin properties of this plugin: identity, the configuration object as JSON text and its
     * top-level members as properties of their own (so metatype-annotated configuration interfaces can read them).
     */
    public Hashtable<String, Object> configProperties(JsonNode effectiveConfiguration) {
        Hashtable<String, Object> props = new Hashtable<>();
        if (effectiveConfiguration != null && effectiveConfiguration.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = effectiveConfiguration.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                Object value = propertyValue(e.getValue());
                if (value != null) {
                    props.put(e.getKey(), value);
                }
            }
            props.put(JsonRpcPlugin.CONFIGURATION_JSON, effectiveConfiguration.toString());
        } else {
            props.put(JsonRpcPlugin.CONFIGURATION_JSON, "{}");
        }
        props.put(JsonRpcPlugin.CALLSIGN, callsign);
        props.put(JsonRpcPlugin.CLASSNAME, classname);
        props.put("locator", locator);
        return props;
    }

    private static Object propertyValue(JsonNode v) {
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isIntegralNumber()) {
            return v.longValue();
        }
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isTextual()) {
            return v.textValue();
        }
        if (v.isArray()) {
            String[] items = new String[v.size()];
            for (int i = 0; i < items.length; i++) {
                JsonNode item = v.get(i);
                items[i] = item.isValueNode() ? item.asText() : item.toString();
            }
            return items;
        }
        return v.isNull() ? null : v.toString();
    }

    private static String text(JsonNode root, String member) {
        JsonNode n = root.get(member);
        return n == null || n.isNull() ? null : n.asText();
    }

    /**
     * This file with a Controller override laid over it (docs/controller-system.md): its {@code configuration}
     * (an empty one, as the override writes for none, keeps the file's), its start mode ({@code startmode} or R4's
     * {@code startup}), {@code systemrootpath} and {@code resumed}.
     */
    public PluginFile overriddenBy(JsonNode override) {
        ObjectNode newKeys = keys == null ? JsonNodeFactory.instance.objectNode() : keys.deepCopy();
        JsonNode c = override.get("configuration");
        JsonNode newConfiguration = configuration;
        if (c != null && c.isObject() && c.size() > 0) {
            newConfiguration = c;
            newKeys.set("configuration", c);
        }
        String newStartmode = startmode;
        for (String key : new String[] {"startmode", "startup"}) {
            JsonNode m = override.get(key);
            if (m != null && m.isTextual()) {
                newStartmode = m.textValue();
                newKeys.put("startmode", newStartmode);
            }
        }
        for (String key : new String[] {"systemrootpath", "resumed"}) {
            JsonNode v = override.get(key);
            if (v != null && v.isValueNode() && !(v.isTextual() && v.textValue().isEmpty())) {
                newKeys.set(key, v);
            }
        }
        return new PluginFile(callsign, locator, classname, autostart, newStartmode, precondition, newConfiguration,
                source, newKeys);
    }

    /** An empty configuration object, for plugins whose file has none. */
    public static ObjectNode emptyConfiguration(ObjectMapper mapper) {
        return mapper.createObjectNode();
    }
}
