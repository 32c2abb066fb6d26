package io.ociplane.jsonrpc.spi;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A plugin served by the JSON-RPC host. Register it as an OSGi service with the property {@link #CALLSIGN}.
 * <p>
 * The host calls {@link #define(EventSink)} once when it starts serving the plugin and keeps the returned
 * {@link PluginApi} until the service goes away; the sink stays valid for that time.
 */
@ConsumerType
public interface JsonRpcPlugin {

    /** Service property: the callsign the plugin is served under (case-sensitive, may contain dots). */
    String CALLSIGN = "callsign";
    /** Service property: the plugin's class name as Thunder's plugin files name it (e.g. {@code OCIContainer}). */
    String CLASSNAME = "classname";
    /** Service/configuration property: the plugin file's {@code configuration} object as JSON text. */
    String CONFIGURATION_JSON = "thunder.configuration";
    /** Prefix of the factory PIDs under which plugin files are turned into ConfigAdmin configurations. */
    String FACTORY_PID_PREFIX = "io.ociplane.plugin.";

    /** The factory PID a plugin component with the given Thunder class name declares as its configuration PID. */
    static String factoryPid(String classname) {
        return FACTORY_PID_PREFIX + classname;
    }

    /**
     * Declares the methods, properties and events of this plugin.
     *
     * @param events where the plugin emits its events; valid until the host stops serving this plugin
     * @return the API, which the host does not ask for again while it serves this service
     */
    PluginApi define(EventSink events);
}
