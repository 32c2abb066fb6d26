package io.ociplane.jsonrpc.local;

import java.util.function.Consumer;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The host's endpoint for callers in the same framework (the Gogo commands). It is registered while a host serves;
 * a new host (an update, a reconfiguration) registers a new one.
 */
@ProviderType
public interface LocalJsonRpc {

    /**
     * Opens a session, the in-process counterpart of a WebSocket connection: its calls are judged as the local
     * console administrator's, and the events it registers for go to {@code events}.
     *
     * @param events gets each event as its JSON-RPC notification text, on the thread that raised it: must not block
     */
    LocalSession open(Consumer<String> events);
}
