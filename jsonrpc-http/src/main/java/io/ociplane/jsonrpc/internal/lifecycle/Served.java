package io.ociplane.jsonrpc.internal.lifecycle;

import org.osgi.framework.Bundle;

import io.ociplane.jsonrpc.spi.PluginApi;

/**
 * A plugin service the host currently serves.
 *
 * @param serviceId the OSGi service id ({@code -1} for the built-in Controller)
 * @param bundle the bundle that registered it, or {@code null} for the built-in Controller
 * @param componentName its DS component name, or {@code null}
 * @param metadata its module name, build reference and version, or {@code null} for the built-in Controller
 */
public record Served(PluginApi api, long serviceId, Bundle bundle, String componentName, PluginMetadata metadata) {

    /** A service whose metadata is not known (tests, the built-in Controller). */
    public Served(PluginApi api, long serviceId, Bundle bundle, String componentName) {
        this(api, serviceId, bundle, componentName, null);
    }
}
