package io.ociplane.jsonrpc.internal.lifecycle;

import org.osgi.framework.Bundle;

import io.ociplane.jsonrpc.spi.PluginApi;

/**
 * A plugin service the host currently serves.
 *
 * @param serviceId the OSGi service id ({@code -1} for the built-in Controller)
 * @param bundle the bundle that registered it, or {@code null} for the built-in Controller
 * @param componentName its DS component name, or {@code null}
 */
public record Served(PluginApi api, long serviceId, Bundle bundle, String componentName) {
}
