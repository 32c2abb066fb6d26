/**
 * The plugin SPI of the JSON-RPC host: what a Thunder-style plugin implements to be served under a callsign.
 * <p>
 * A plugin is a Declarative Services component that publishes {@link io.ociplane.jsonrpc.spi.JsonRpcPlugin}
 * with the service property {@value io.ociplane.jsonrpc.spi.JsonRpcPlugin#CALLSIGN}. Plugins configured through
 * Thunder-style plugin files get their properties from a ConfigAdmin factory configuration whose factory PID is
 * {@link io.ociplane.jsonrpc.spi.JsonRpcPlugin#factoryPid(String)} of the file's {@code classname}.
 * <p>
 * The host binds params to the types a plugin names and writes its results with Jackson, so plugin and host must
 * see the same {@code com.fasterxml.jackson.databind}: the export says so with {@code uses:} (docs/bundles.md).
 */
@org.osgi.annotation.bundle.Export(uses = "com.fasterxml.jackson.databind")
@org.osgi.annotation.versioning.Version("1.2.0")
package io.ociplane.jsonrpc.spi;
