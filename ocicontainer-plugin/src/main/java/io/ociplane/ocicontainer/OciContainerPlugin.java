package io.ociplane.ocicontainer;

import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.ociplane.jsonrpc.spi.EventSink;
import io.ociplane.jsonrpc.spi.JsonRpcPlugin;
import io.ociplane.jsonrpc.spi.PluginApi;
import io.ociplane.oci.api.AnnotationLimits;
import io.ociplane.oci.api.ContainerEvent;
import io.ociplane.oci.api.ContainerRuntime;
import io.ociplane.oci.api.consumer.ProviderConsumer;

/**
 * {@code org.rdk.OCIContainer}: the seed API over every container provider there is. Knows nothing of D-Bus or
 * runtimes. The events of each provider it serves become {@code onContainerStarted}, {@code onContainerStopped},
 * {@code onContainerHibernated}, {@code onContainerAwoken}, each preceded by {@code onContainerStateChanged}.
 */
@Component(service = JsonRpcPlugin.class, configurationPid = JsonRpcPlugin.FACTORY_PID_PREFIX + "OCIContainer",
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
@Designate(ocd = OciContainerConfig.class, factory = true)
public class OciContainerPlugin extends ProviderConsumer implements JsonRpcPlugin {

    private static final Logger LOG = LoggerFactory.getLogger(OciContainerPlugin.class);

    /** What callers may annotate a container with, through any provider. */
    private volatile AnnotationLimits annotationLimits = AnnotationLimits.DEFAULT;

    @Activate
    void activate(OciContainerConfig config) {
        try {
            annotationLimits = new AnnotationLimits(config.maxAnnotations(), config.maxAnnotationKeyBytes(),
                    config.maxAnnotationValueBytes());
        } catch (IllegalArgumentException e) {
            LOG.warn("{}; the defaults apply ({})", e.getMessage(), AnnotationLimits.DEFAULT);
        }
    }

    private volatile EventSink events = EventSink.NONE;

    @Override
    public PluginApi define(EventSink sink) {
        this.events = sink;
        // the module and version of the real plugin (rdkservices OCIContainer 1.0.4, docs/plugins-api.md)
        PluginApi.Builder api = PluginApi.builder().module("Plugin_OCIContainer").version(1, 0, 4).versions(1)
                .interfaceVersion("OCIContainer", 1, 0, 4)
                .statusNote(providers::note).ready(providers.ready());
        new OciContainerMethods(providers, annotationLimits).addTo(api);
        return api.event("onContainerStarted").event("onContainerStopped").event("onContainerHibernated")
                .event("onContainerAwoken").event("onContainerStateChanged").build();
    }

    @Override
    protected void containerEvent(ContainerRuntime provider, ContainerEvent e) {
        switch (e.type()) {
            case STARTED -> emit(e, "Running", "onContainerStarted");
            case STOPPED -> emit(e, "Stopped", "onContainerStopped");
            case HIBERNATED -> emit(e, "Hibernated", "onContainerHibernated");
            case AWOKEN -> emit(e, "Running", "onContainerAwoken");
        }
    }

    private void emit(ContainerEvent e, String state, String event) {
        EventSink sink = events;
        Map<String, Object> changed = new LinkedHashMap<>();
        changed.put("containerId", e.id());
        changed.put("state", state);
        sink.emit("onContainerStateChanged", changed);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("descriptor", Integer.toString(e.descriptor())); // a string, as the real plugin sends it
        params.put("name", e.id());
        sink.emit(event, params);
    }
}
