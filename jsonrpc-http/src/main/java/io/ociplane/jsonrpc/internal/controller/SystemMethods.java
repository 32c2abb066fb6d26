package io.ociplane.jsonrpc.internal.controller;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.ociplane.jsonrpc.internal.lifecycle.PluginLifecycle;
import io.ociplane.jsonrpc.internal.lifecycle.PluginRecord;
import io.ociplane.jsonrpc.internal.lifecycle.PluginRegistry;
import io.ociplane.jsonrpc.internal.lifecycle.PluginState;
import io.ociplane.jsonrpc.internal.wire.WireProfile;
import io.ociplane.jsonrpc.spi.CoreError;
import io.ociplane.jsonrpc.spi.JsonRpcException;

/**
 * The Controller's system and diagnostic calls on plugins and the host: delete, clone, suspend/resume, hibernate,
 * proxies, callstack, with Thunder's errors per release (docs/controller-system.md).
 */
final class SystemMethods {

    /** Most clones at once: each is a component of its class, so they are bounded like any other input. */
    static final int MAX_CLONES = 32;
    /** What a clone's callsign may be: it names a ConfigAdmin configuration and appears in designators. */
    private static final Pattern CALLSIGN = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final PluginRegistry registry;
    private final PluginLifecycle lifecycle;
    private final WireProfile profile;
    private final HostActions actions;

    SystemMethods(PluginRegistry registry, PluginLifecycle lifecycle, WireProfile profile, HostActions actions) {
        this.registry = registry;
        this.lifecycle = lifecycle;
        this.profile = profile;
        this.actions = actions;
    }

    /** {@code delete {path}}: a file or a directory's contents under the Controller's persistent directory. */
    Object delete(JsonNode params) throws JsonRpcException {
        JsonNode path = params == null ? null : params.get("path");
        if ((path == null || !path.isTextual()) && profile == WireProfile.R5) {
            throw new JsonRpcException(CoreError.BAD_REQUEST, null, "params must be {\"path\":\"<path>\"}");
        }
        actions.persistent().delete(path == null || !path.isTextual() ? "" : path.textValue());
        return null;
    }

    /**
     * {@code clone {callsign, newcallsign}}: a new callsign of the same class, deactivated, in memory; the answer
     * is the new callsign. One that exists is R5's 29; R4 answers it again when its class is the same, else 1.
     */
    Object cloneCallsign(JsonNode params) throws JsonRpcException {
        String original = namedCallsign(params, "callsign");
        String newCallsign = namedCallsign(params, "newcallsign");
        PluginRecord base = registry.find(original);
        if (base == null) {
            throw new JsonRpcException(CoreError.UNKNOWN_KEY, null, "no plugin with callsign '" + original + "'");
        }
        PluginRecord existing = registry.find(newCallsign);
        if (existing != null) {
            if (profile != WireProfile.R5 && base.file() != null && existing.file() != null
                    && base.file().classname().equals(existing.file().classname())) {
                return newCallsign;
            }
            throw new JsonRpcException(profile == WireProfile.R5 ? CoreError.DUPLICATE_KEY : CoreError.GENERAL, null,
                    "'" + newCallsign + "' exists");
        }
        if (!CALLSIGN.matcher(newCallsign).matches()) {
            throw new JsonRpcException(CoreError.BAD_REQUEST, null,
                    "a new callsign is 1 to 64 of A-Z, a-z, 0-9, '.', '_', '-'");
        }
        lifecycle.addClone(base, newCallsign, MAX_CLONES);
        return newCallsign;
    }

    /**
     * {@code suspend}/{@code resume}: Thunder asks the plugin's IStateControl, which no plugin of ours has, so the
     * answer is Thunder's for such a plugin: R4 2, R5 44.
     */
    Object stateControl(JsonNode params) throws JsonRpcException {
        PluginRecord r = existing(callsignOf(params, profile));
        throw new JsonRpcException(profile == WireProfile.R5 ? CoreError.NOT_SUPPORTED : CoreError.UNAVAILABLE, null,
                "'" + r.callsign() + "' cannot be suspended or resumed: no plugin of this runtime has Thunder's "
                        + "IStateControl (pause a container with its plugin's own methods)");
    }

    /**
     * {@code hibernate {callsign, timeout}}: Thunder hibernates a plugin's own process and answers 47 for one in
     * its process; every plugin here runs in the runtime's JVM, so an activated one gets 47.
     */
    Object hibernate(JsonNode params) throws JsonRpcException {
        JsonNode c = params == null ? null : params.get("callsign");
        JsonNode t = params == null ? null : params.get("timeout");
        boolean named = c != null && c.isTextual() && !c.textValue().isEmpty();
        PluginRecord r = named ? registry.find(c.textValue()) : null;
        if (!named || r != null && r.builtIn() || profile == WireProfile.R5 && (t == null || !t.canConvertToLong())) {
            throw new JsonRpcException(CoreError.BAD_REQUEST, null, "params must be {\"callsign\":\"<plugin>\","
                    + "\"timeout\":<ms>}, the plugin not the Controller");
        }
        if (r == null) {
            throw new JsonRpcException(CoreError.UNKNOWN_KEY, null, "no plugin with callsign '" + c.textValue() + "'");
        }
        if (r.state(lifecycle.implementationPresent(r)) != PluginState.ACTIVATED) {
            throw new JsonRpcException(CoreError.ILLEGAL_STATE, null, "only an activated plugin can be hibernated");
        }
        throw new JsonRpcException(CoreError.INPROC, null, "'" + r.callsign() + "' runs inside the runtime's JVM; "
                + "there is no process of its own to hibernate");
    }

    /**
     * {@code proxies}: the COM-RPC proxies per link; no link of ours carries COM-RPC, so none. R5's
     * {@code proxies@linkid} names a link (unknown: 22).
     */
    Object proxies(String index) throws JsonRpcException {
        if (profile == WireProfile.R5 && index != null && !index.isEmpty()) {
            long id;
            try {
                id = Long.parseLong(index);
            } catch (NumberFormatException e) {
                id = -1;
            }
            if (!actions.links().has(id)) {
                throw new JsonRpcException(CoreError.UNKNOWN_KEY, null, "no link with id '" + index + "'");
            }
        }
        return List.of();
    }

    /**
     * {@code callstack@n}: R5 the n-th worker thread's frames (no index or not 0..255: 30; no such thread: 22); R4.4
     * registers it but never answers it (any index 22, none 30), and neither do we.
     */
    Object callstack(String index) throws JsonRpcException {
        if (index == null || index.isEmpty()) {
            throw new JsonRpcException(CoreError.BAD_REQUEST, null, "name the thread: callstack@<0..255>");
        }
        if (profile != WireProfile.R5) {
            throw new JsonRpcException(CoreError.UNKNOWN_KEY, null, "R4.4's callstack never answers");
        }
        int n;
        try {
            n = Integer.parseInt(index);
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 0 || n > 255) {
            throw new JsonRpcException(CoreError.BAD_REQUEST, null, "the index is a thread number, 0..255");
        }
        List<Map<String, Object>> frames = actions.workers().callstack(n);
        if (frames == null || frames.isEmpty()) {
            throw new JsonRpcException(CoreError.UNKNOWN_KEY, null, "no worker thread " + n + " (see threads)");
        }
        return frames;
    }

    private PluginRecord existing(String callsign) throws JsonRpcException {
        PluginRecord r = registry.find(callsign);
        if (r == null) {
            throw new JsonRpcException(CoreError.UNKNOWN_KEY, null, "no plugin with callsign '" + callsign + "'");
        }
        if (r.builtIn()) {
            throw new JsonRpcException(CoreError.PRIVILIGED_REQUEST, null, "'" + callsign + "' is built in");
        }
        return r;
    }

    /**
     * A callsign the system methods act on: missing is R5's 30, empty or the Controller itself 24 (both releases);
     * R4 looks a missing one up as empty.
     */
    String namedCallsign(JsonNode params, String member) throws JsonRpcException {
        JsonNode c = params == null ? null : params.get(member);
        if ((c == null || !c.isTextual()) && profile == WireProfile.R5) {
            throw new JsonRpcException(CoreError.BAD_REQUEST, null, "params must name '" + member + "'");
        }
        String callsign = c == null || !c.isTextual() ? "" : c.textValue();
        if (callsign.isEmpty() || registry.find(callsign) != null && registry.find(callsign).builtIn()) {
            throw new JsonRpcException(CoreError.PRIVILIGED_REQUEST, null,
                    "'" + member + "' must name a plugin other than the Controller");
        }
        return callsign;
    }

    /** R2/R4 look a missing callsign up as "" (22); R5 refuses it as a bad request (30). */
    static String callsignOf(JsonNode params, WireProfile profile) throws JsonRpcException {
        JsonNode c = params.get("callsign");
        if (c == null || !c.isTextual() || c.asText().isEmpty()) {
            throw new JsonRpcException(profile == WireProfile.R5 ? CoreError.BAD_REQUEST : CoreError.UNKNOWN_KEY, null,
                    "params must be {\"callsign\":\"<callsign>\"}");
        }
        return c.asText();
    }
}
