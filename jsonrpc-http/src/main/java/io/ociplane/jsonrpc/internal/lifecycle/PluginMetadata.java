package io.ociplane.jsonrpc.internal.lifecycle;

import org.osgi.framework.Bundle;
import org.osgi.framework.Version;

import io.ociplane.jsonrpc.spi.PluginApi;

/**
 * What Thunder's status reports of a plugin it has loaded: the module's name, its build reference ({@code hash})
 * and the plugin's version (docs/thunder-wire.md#controller). A plugin declares name and version through the SPI;
 * the hash is the version of the bundle that serves it, our build reference.
 */
public record PluginMetadata(String module, String hash, int major, int minor, int patch) {

    /**
     * @param classname the plugin's class name, for a module name the plugin did not declare
     *            ({@code Plugin_<classname>}, Thunder's convention), or {@code null}
     */
    public static PluginMetadata of(PluginApi api, Bundle bundle, String classname) {
        Version bundleVersion = bundle == null ? Version.emptyVersion : bundle.getVersion();
        String module = api.module();
        if (module == null) {
            module = classname != null && !classname.isEmpty() ? "Plugin_" + classname
                    : bundle != null ? bundle.getSymbolicName() : "";
        }
        PluginApi.PluginVersion v = api.version();
        if (v == null) {
            v = new PluginApi.PluginVersion(Math.min(bundleVersion.getMajor(), 255),
                    Math.min(bundleVersion.getMinor(), 255), Math.min(bundleVersion.getMicro(), 255));
        }
        return new PluginMetadata(module, bundle == null ? "" : bundleVersion.toString(), v.major(), v.minor(),
                v.patch());
    }
}
