package io.ociplane.jsonrpc.security;

import org.osgi.annotation.versioning.ProviderType;

/** What a verified token allows. Thread-safe; answers follow the provider's current access control list. */
@ProviderType
public interface Grant {

    /**
     * @return the origin the token was issued for ({@code scheme://host[:port]}, lower case, default port left
     *         out), or {@code null} when the token names none
     */
    String origin();

    /** @return when the token stops being valid, in milliseconds since the epoch ({@link Long#MAX_VALUE}: never) */
    long expiresAtMillis();

    /**
     * @param callsign the plugin's callsign
     * @param method the bare method name, without version or index ({@code startContainer}, {@code register})
     * @return whether the token's role may make that call
     */
    boolean allows(String callsign, String method);
}
