package io.ociplane.ocicontainer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ociplane.jsonrpc.spi.JsonRpcException;
import io.ociplane.jsonrpc.spi.PluginApi;
import io.ociplane.oci.api.AnnotationLimits;
import io.ociplane.oci.api.BundleStart;
import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerRef;
import io.ociplane.oci.api.ContainerRuntime;
import io.ociplane.oci.api.MountRequest;
import io.ociplane.oci.api.SpecStart;
import io.ociplane.oci.api.consumer.Providers;
import io.ociplane.oci.api.consumer.Providers.Located;

/**
 * The methods of the seed plugin (rdkservices OCIContainer 1.0.4) plus hibernate, wakeup, annotate,
 * removeAnnotation, mount and unmount in the same style: results carry {@code "success":true}; every failure is
 * {@code ERROR_GENERAL} with the reason as {@code data}. A container is addressed by id or decimal descriptor and
 * reached through the provider that runs it; new containers start on the preferred provider (docs/providers.md).
 */
final class OciContainerMethods {

    /** The most digits a descriptor (1..1023) can have; a longer number names no container. */
    private static final int DESCRIPTOR_DIGITS = 4;

    private final Providers providers;
    private final AnnotationLimits annotationLimits;
    private final ObjectMapper mapper = new ObjectMapper();
    private final InfoShape infoShape = new InfoShape(mapper);

    OciContainerMethods(Providers providers, AnnotationLimits annotationLimits) {
        this.providers = providers;
        this.annotationLimits = annotationLimits;
    }

    /** What one method does. */
    private interface Op {
        Map<String, Object> apply(Params p) throws ContainerException, JsonRpcException;
    }

    /** One call of the provider that runs a container. */
    private interface Call<T> {
        T on(ContainerRuntime provider, String id) throws ContainerException;
    }

    /** A call that answers nothing. */
    private interface Action {
        void on(ContainerRuntime provider, String id) throws ContainerException;
    }

    PluginApi.Builder addTo(PluginApi.Builder api) {
        return api.method("listContainers", JsonNode.class, params -> run(params, p -> {
            List<Object> containers = new ArrayList<>();
            for (ContainerRef c : providers.containers()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("Descriptor", c.descriptor());
                entry.put("Id", c.id());
                containers.add(entry);
            }
            return success("containers", containers);
        })).method("getContainerState", JsonNode.class, params -> run(params, p -> {
            String ref = p.containerRef();
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("containerId", ref);
            result.put("state", call(ref, ContainerRuntime::state).displayName());
            return success(result);
        })).method("getContainerInfo", JsonNode.class, params -> run(params, p -> {
            var info = call(p.containerRef(), ContainerRuntime::info);
            if (info == null) {
                throw Params.fail("the provider returned no valid info for the container");
            }
            return success("info", infoShape.of(info));
        })).method("startContainer", JsonNode.class, params -> run(params, p -> {
            BundleStart start = new BundleStart(p.newContainerId(), p.path("bundlePath", true), p.optional("command"),
                    p.path("westerosSocket", false), List.of(), null, null);
            return success("descriptor", start(start.id(), (r, id) -> r.startFromBundle(start)));
        })).method("startContainerFromDobbySpec", JsonNode.class, params -> run(params, p -> {
            SpecStart start = new SpecStart(p.newContainerId(), p.dobbySpec(mapper), p.optional("command"),
                    p.path("westerosSocket", false), List.of());
            return success("descriptor", start(start.id(), (r, id) -> r.startFromSpec(start)));
        })).method("stopContainer", JsonNode.class, params -> run(params, p -> {
            String ref = p.containerRef();
            boolean force = p.flag("force");
            return act(ref, (r, id) -> r.stop(id, force));
        })).method("pauseContainer", JsonNode.class, params -> run(params, p -> {
            return act(p.containerRef(), ContainerRuntime::pause);
        })).method("resumeContainer", JsonNode.class, params -> run(params, p -> {
            return act(p.containerRef(), ContainerRuntime::resume);
        })).method("executeCommand", JsonNode.class, params -> run(params, p -> {
            String ref = p.containerRef();
            String command = p.required("command");
            String options = p.optional("options");
            return act(ref, (r, id) -> r.exec(id, options == null ? "" : options, command));
        })).method("hibernateContainer", JsonNode.class, params -> run(params, p -> {
            String ref = p.containerRef();
            String options = p.optional("options");
            return act(ref, (r, id) -> r.hibernate(id, options == null ? "" : options));
        })).method("wakeupContainer", JsonNode.class, params -> run(params, p -> {
            return act(p.containerRef(), ContainerRuntime::wakeup);
        })).method("annotate", JsonNode.class, params -> run(params, p -> {
            String ref = p.containerRef();
            // a character is at least a byte: the byte limits bound the text before it is measured exactly
            String key = p.required("key", annotationLimits.maxKeyBytes());
            String value = p.required("value", annotationLimits.maxValueBytes());
            annotationLimits.checkEntry(key, value);
            return act(ref, (r, id) -> {
                // the count is checked here too, so that it also holds for Dobby's daemon, which has no limit
                annotationLimits.checkRoom(ref, r.info(id).annotations(), key);
                r.annotate(id, key, value);
            });
        })).method("removeAnnotation", JsonNode.class, params -> run(params, p -> {
            String ref = p.containerRef();
            String key = p.required("key");
            return act(ref, (r, id) -> r.removeAnnotation(id, key));
        })).method("mount", JsonNode.class, params -> run(params, p -> {
            String ref = p.containerRef();
            MountRequest m = new MountRequest(p.path("source", true), p.path("target", true),
                    mountFlags(p.optional("options")), "");
            return act(ref, (r, id) -> r.mount(id, m));
        })).method("unmount", JsonNode.class, params -> run(params, p -> {
            String ref = p.containerRef();
            String target = p.path("target", true);
            return act(ref, (r, id) -> r.unmount(id, target));
        }));
    }

    /** {@code options} is a comma-separated list of Dobby mount flag names; a bind mount is implied. */
    private static List<String> mountFlags(String options) {
        List<String> flags = new ArrayList<>();
        if (options != null) {
            Arrays.stream(options.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(flags::add);
        }
        if (!flags.contains("bind") && !flags.contains("rbind")) {
            flags.add(0, "bind");
        }
        return flags;
    }

    private Map<String, Object> run(JsonNode params, Op op) throws JsonRpcException {
        Params p = new Params(params);
        try {
            providers.awaitServed(); // without a provider the plugin is not active, whatever the params
            return op.apply(p);
        } catch (ContainerException e) {
            if (e.reason() == ContainerException.Reason.PROVIDER_UNAVAILABLE) {
                throw JsonRpcException.serviceNotActive(e.getMessage());
            }
            throw Params.fail(e.getMessage());
        }
    }

    /** A new container, on the preferred provider; an id that any provider runs already is refused. */
    private int start(String id, Call<ContainerRef> launch) throws ContainerException, JsonRpcException {
        if (providers.find(id) != null) {
            throw Params.fail("a container with id '" + id + "' exists");
        }
        ContainerRuntime r = providers.forStart();
        ContainerRef started = named(r, () -> launch.on(r, id));
        if (started == null || started.descriptor() <= 0) {
            throw Params.fail("the provider did not start the container");
        }
        return started.descriptor();
    }

    private Map<String, Object> act(String ref, Action action) throws ContainerException, JsonRpcException {
        call(ref, (r, id) -> {
            action.on(r, id);
            return null;
        });
        return success();
    }

    /** Calls the provider that runs the container named by id or decimal descriptor. */
    private <T> T call(String ref, Call<T> call) throws ContainerException, JsonRpcException {
        Located c = ref.chars().allMatch(Character::isDigit) ? byDescriptor(ref) : providers.locate(ref);
        if (c == null) {
            throw Params.fail("no container '" + ref + "'");
        }
        return named(c.provider(), () -> call.on(c.provider(), c.id()));
    }

    private Located byDescriptor(String ref) throws ContainerException {
        if (ref.length() > DESCRIPTOR_DIGITS || !ref.equals(Integer.toString(Integer.parseInt(ref)))) {
            return null; // only the number as the provider writes it, e.g. not 007
        }
        return providers.locateDescriptor(Integer.parseInt(ref));
    }

    private interface ProviderCall<T> {
        T run() throws ContainerException;
    }

    /** A provider that cannot serve says so in its own words, after its name. */
    private static <T> T named(ContainerRuntime r, ProviderCall<T> call) throws ContainerException {
        try {
            return call.run();
        } catch (ContainerException e) {
            if (e.reason() != ContainerException.Reason.PROVIDER_UNAVAILABLE) {
                throw e;
            }
            throw new ContainerException(e.reason(), "container provider '" + r.name() + "' is unavailable: "
                    + e.getMessage(), e);
        }
    }

    private static Map<String, Object> success() {
        return success(new LinkedHashMap<>());
    }

    private static Map<String, Object> success(String member, Object value) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put(member, value);
        return success(result);
    }

    private static Map<String, Object> success(Map<String, Object> result) {
        result.put("success", true);
        return result;
    }
}
