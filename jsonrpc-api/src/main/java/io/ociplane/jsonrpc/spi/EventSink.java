package io.ociplane.jsonrpc.spi;

import org.osgi.annotation.versioning.ProviderType;

/** Where a plugin emits its JSON-RPC events; the host delivers them to the clients that registered. */
@ProviderType
public interface EventSink {

    /** A sink that drops everything: what a plugin holds before the host serves it. */
    EventSink NONE = (event, index, params) -> { };

    /**
     * Emits an event.
     *
     * @param event the event name as clients register it (case-sensitive)
     * @param index the index the event is raised for ({@code event@index}), or {@code null}
     * @param params the payload, bound to JSON with Jackson; {@code null} sends no {@code params} member
     */
    void emit(String event, String index, Object params);

    /** Emits an event without index. */
    default void emit(String event, Object params) {
        emit(event, null, params);
    }
}
