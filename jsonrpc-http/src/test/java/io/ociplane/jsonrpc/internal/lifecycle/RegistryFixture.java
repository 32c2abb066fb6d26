package io.ociplane.jsonrpc.internal.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;

/** Lets tests of other packages fill a registry as the plugin files and Controller calls do. */
public final class RegistryFixture {

    private RegistryFixture() {
    }

    public static PluginRecord upsert(PluginRegistry registry, PluginFile file) {
        return registry.upsertFile(file);
    }

    /** Deactivates the record (as a Controller deactivate asks) and sets its configuration. */
    public static boolean configure(PluginRegistry registry, PluginRecord r, JsonNode configuration) {
        registry.setDesired(r, PluginRecord.Desired.DEACTIVATED, "Requested");
        return registry.configureIfInactive(r, configuration);
    }
}
