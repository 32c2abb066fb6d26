package io.ociplane.jsonrpc.internal.controller;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.ociplane.jsonrpc.internal.wire.WireProfile;

/**
 * Thunder's subsystems as the Controller reports them ({@code subsystems}): every one in Thunder's order, active
 * from the start unless it is driven from outside (the Controller configuration's {@code subsystems}); those follow
 * what provides them at run time, e.g. Security while a SecurityAgent serves (docs/controller-system.md).
 */
public final class Subsystems {

    /** Thunder's order; R5.3 adds Cryptography before Installation. */
    private static final List<String> R4 = List.of("Platform", "Security", "Network", "Identifier", "Graphics",
            "Internet", "Location", "Time", "Provisioning", "Decryption", "WebSource", "Streaming", "Bluetooth",
            "Installation");

    private final List<String> names;
    private final Set<String> external;
    /** Lower-case name to whether it is active now; guarded by this. */
    private final Map<String, Boolean> active = new HashMap<>();
    /** What the last {@code subsystemchange} said (at start: what the Controller set); guarded by this. */
    private final Map<String, Boolean> reported = new HashMap<>();
    private volatile Runnable onChange = () -> { };

    /**
     * @param external the subsystems set from outside (inactive until what provides them says so), as named in
     *        Thunder's configuration, any case
     */
    public Subsystems(WireProfile profile, List<String> external) {
        List<String> n = new ArrayList<>(R4);
        if (profile == WireProfile.R5) {
            n.add(n.indexOf("Installation"), "Cryptography");
        }
        this.names = List.copyOf(n);
        this.external = Set.copyOf(external.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList());
        for (String name : names) {
            String key = name.toLowerCase(Locale.ROOT);
            active.put(key, !this.external.contains(key));
        }
        reported.putAll(active); // Thunder reports the start's set at start, before anyone can have registered
    }

    /** Told (on the caller's thread) after a subsystem changed; it should not block. */
    public void onChange(Runnable listener) {
        this.onChange = listener;
    }

    /** The names Thunder knows in this release, in its order. */
    public List<String> names() {
        return names;
    }

    public synchronized boolean active(String name) {
        return Boolean.TRUE.equals(active.get(name.toLowerCase(Locale.ROOT)));
    }

    /**
     * What provides an external subsystem says whether it is there now; subsystems the Controller sets itself (not
     * external) and names this release does not know are left alone.
     *
     * @return whether this changed the subsystem (then the listener was told)
     */
    public boolean provide(String name, boolean isActive) {
        String key = name.toLowerCase(Locale.ROOT);
        synchronized (this) {
            if (!external.contains(key) || !active.containsKey(key) || active.get(key) == isActive) {
                return false;
            }
            active.put(key, isActive);
        }
        onChange.run();
        return true;
    }

    /**
     * Whether a plugin file's {@code precondition} (or {@code termination}) holds: each name must be active, each
     * {@code !name} inactive; a name this release does not know never holds.
     */
    public synchronized boolean met(List<String> conditions) {
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
    public synchronized List<Map<String, Object>> report() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String n : names) {
            out.add(entry(n, active(n)));
        }
        return out;
    }

    /**
     * The {@code subsystemchange} params: the subsystems whose state differs from the last report, in Thunder's
     * order, which then becomes the last report; empty when nothing changed since.
     */
    public synchronized List<Map<String, Object>> changesSinceLastReport() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String n : names) {
            String key = n.toLowerCase(Locale.ROOT);
            if (!active.get(key).equals(reported.get(key))) {
                out.add(entry(n, active.get(key)));
                reported.put(key, active.get(key));
            }
        }
        return out;
    }

    private static Map<String, Object> entry(String name, boolean isActive) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("subsystem", name); // the enum texts of both releases
        e.put("active", isActive);
        return e;
    }
}
