package io.ociplane.jsonrpc.local;

import org.osgi.annotation.versioning.ProviderType;

/** One in-process connection to the host: calls answered on the caller's thread, registrations until closed. */
@ProviderType
public interface LocalSession extends AutoCloseable {

    /**
     * @param request one JSON-RPC request as text, in the host's wire profile
     * @return the response text (a result or an error with its reason), or {@code null} for a notification
     * @throws IllegalStateException when the session was closed or its host has gone
     */
    String call(String request);

    /** Ends the session's event registrations; a call after this throws {@link IllegalStateException}. */
    @Override
    void close();
}
