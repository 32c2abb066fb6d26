package io.ociplane.jsonrpc.internal.controller;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.ociplane.jsonrpc.internal.wire.WireProfile;

/**
 * Thunder's subsystems as the Controller reports them ({@code subsystems}): every one in Thunder's order, active
 * unless it is driven from outside (the Controller configuration's {@code subsystems}), which is how Thunder's
 * Controller sets them at start (docs/controller-system.md).
 */
public final class Subsystems {

    /** Thunder's order; R5.3 adds Cryptography before Installation. */
    private static final List<String> R4 = List.of("Platform", "Security", "Network", "Identifier", "Graphics",
            "Internet", "Location", "Time", "Provisioning", "Decryption", "WebSource", "Streaming", "Bluetooth",
            "Installation");

    private final List<String> names;
    private final Set<String> external;

    /**
     * @param external the subsystems set from outside (never active here: nothing sets them yet), as named in
     *        Thunder's configuration, any case
     */
    public Subsystems(WireProfile profile, List<String> external) {
        List<String> n = new ArrayList<>(R4);
        if (profile == WireProfile.R5) {
            n.add(n.indexOf("Installation"), "Cryptography");
        }
        this.names = List.copyOf(n);
        this.external = Set.copyOf(external.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList());
    }

    /** The names Thunder knows in this release, in its order. */
    public List<String> names() {
        return names;
    }

    public boolean active(String name) {
        return names.stream().anyMatch(n -> n.equalsIgnoreCase(name)) && !external.contains(name.toLowerCase(Locale.ROOT));
    }

    /**
     * Whether a plugin file's {@code precondition} holds: each name must be active, each {@code !name} inactive; a
     * name this release does not know never holds.
     */
    public boolean met(List<String> conditions) {
        for (String c : conditions) {
            boolean negated = c.startsWith("!");
            String name = negated ? c.substring(1) : c;
            if (names.stream().noneMatch(n -> n.equalsIgnoreCase(name)) || active(name) == negated) {
                return false;
            }
        }
        return true;
    }

    /** {@code [{subsystem, active}]} in Thunder's order. */
    public List<Map<String, Object>> report() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String n : names) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("subsystem", n); // the enum texts of both releases
            e.put("active", active(n));
            out.add(e);
        }
        return out;
    }
}
