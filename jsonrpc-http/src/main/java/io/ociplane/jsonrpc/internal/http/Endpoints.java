package io.ociplane.jsonrpc.internal.http;

import io.ociplane.jsonrpc.internal.lifecycle.PluginRecord;
import io.ociplane.jsonrpc.internal.lifecycle.Served;
import io.ociplane.jsonrpc.internal.wire.Designator;

/**
 * Resolves the path after {@code /jsonrpc}: empty for the broker, {@code /<callsign>} or
 * {@code /<callsign>.<version>} for a plugin's own endpoint; anything after a further {@code /} is ignored.
 */
final class Endpoints {

    /** The outcome: the broker, a plugin's callsign, or a failure with its HTTP status. */
    record Endpoint(String callsign, int failureStatus, String failure) {
        static final Endpoint BROKER = new Endpoint(null, 0, null);

        boolean failed() {
            return failureStatus != 0;
        }
    }

    private Endpoints() {
    }

    /**
     * The first usable HTTP endpoint an HTTP runtime announces ({@code osgi.http.endpoint}: a string or a list of
     * URLs such as {@code http://127.0.0.1:9998/}), or {@code null}.
     */
    static java.net.URI listening(Object endpoints) {
        Object[] all = endpoints instanceof Object[] array ? array
                : endpoints instanceof java.util.Collection<?> list ? list.toArray() : new Object[] { endpoints };
        for (Object e : all) {
            try {
                java.net.URI uri = e == null ? null : new java.net.URI(e.toString());
                if (uri != null && uri.getHost() != null && uri.getPort() > 0) {
                    return uri;
                }
            } catch (java.net.URISyntaxException ignored) {
                // not a URL: try the next one
            }
        }
        return null;
    }

    /**
     * @param pathInfo the path after {@code /jsonrpc} (decoded), or {@code null}
     * @param checkVersion whether a {@code .N} suffix must be one of the plugin's versions (R2/R4)
     * @param unknownStatus the HTTP status for an unknown callsign
     */
    static Endpoint resolve(JsonRpcHost host, String pathInfo, boolean checkVersion, int unknownStatus) {
        if (pathInfo == null || pathInfo.length() <= 1) {
            return Endpoint.BROKER;
        }
        String segment = pathInfo.substring(1);
        int slash = segment.indexOf('/');
        if (slash >= 0) {
            segment = segment.substring(0, slash);
        }
        if (segment.isEmpty()) {
            return Endpoint.BROKER;
        }
        PluginRecord r = host.plugin(segment);
        int version = Designator.NO_VERSION;
        if (r == null) {
            int dot = segment.lastIndexOf('.');
            version = dot > 0 ? Designator.versionOf(segment.substring(dot + 1)) : Designator.NO_VERSION;
            if (version != Designator.NO_VERSION) {
                r = host.plugin(segment.substring(0, dot));
            }
        }
        if (r == null) {
            return new Endpoint(null, unknownStatus, "no plugin with callsign '" + segment + "'");
        }
        Served s = r.served();
        if (checkVersion && version != Designator.NO_VERSION && s != null && !s.api().versions().contains(version)) {
            return new Endpoint(null, 400, "Callsign was oke, but the requested version was not supported.");
        }
        return new Endpoint(r.callsign(), 0, null);
    }
}
