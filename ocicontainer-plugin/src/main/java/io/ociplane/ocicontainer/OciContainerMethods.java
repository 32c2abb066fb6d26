package io.ociplane.ocicontainer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
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
import io.ociplane.oci.api.consumer.ProviderSlot;

/**
 * The methods of the seed plugin (rdkservices OCIContainer 1.0.4) plus hibernate, wakeup, annotate,
 * removeAnnotation, mount and unmount in the same style: results carry {@code "success":true}; every failure is
 * {@code ERROR_GENERAL} with the reason as {@code data}. A container is addressed by id or decimal descriptor,
 * resolved with one {@code list} call.
 */
final class OciContainerMethods {

    private final ProviderSlot provider;
    private final AnnotationLimits annotationLimits;
    private final ObjectMapper mapper = new ObjectMapper();

    OciContainerMethods(ProviderSlot provider, AnnotationLimits annotationLimits) {
        this.provider = provider;
        this.annotationLimits = annotationLimits;
    }

    /** What one method does with the bound provider. */
    private interface Op {
        Map<String, Object> apply(ContainerRuntime r, Params p) throws ContainerException, JsonRpcException;
    }

    PluginApi.Builder addTo(PluginApi.Builder api) {
        return api.method("listContainers", JsonNode.class, params -> run(params, (r, p) -> {
            List<Object> containers = new ArrayList<>();
            for (ContainerRef c : r.list()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("Descriptor", c.descriptor());
                entry.put("Id", c.id());
                containers.add(entry);
            }
            return success("containers", containers);
        })).method("getContainerState", JsonNode.class, params -> run(params, (r, p) -> {
            String ref = p.containerRef();
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("containerId", ref);
            result.put("state", r.state(resolve(r, ref)).displayName());
            return success(result);
        })).method("getContainerInfo", JsonNode.class, params -> run(params, (r, p) -> {
            String json = r.info(resolve(r, p.containerRef())).json();
            JsonNode info;
            try {
                info = json == null || json.isEmpty() ? null : mapper.readTree(json);
            } catch (JsonProcessingException e) {
                info = null;
            }
            if (info == null || !info.isObject()) {
                throw Params.fail("the provider returned no valid info for the container");
            }
            return success("info", info);
        })).method("startContainer", JsonNode.class, params -> run(params, (r, p) -> {
            BundleStart start = new BundleStart(p.newContainerId(), p.path("bundlePath", true), p.optional("command"),
                    p.path("westerosSocket", false), List.of(), null, null);
            return success("descriptor", positive(r.startFromBundle(start)));
        })).method("startContainerFromDobbySpec", JsonNode.class, params -> run(params, (r, p) -> {
            SpecStart start = new SpecStart(p.newContainerId(), p.dobbySpec(mapper), p.optional("command"),
                    p.path("westerosSocket", false), List.of());
            return success("descriptor", positive(r.startFromSpec(start)));
        })).method("stopContainer", JsonNode.class, params -> run(params, (r, p) -> {
            r.stop(resolve(r, p.containerRef()), p.flag("force"));
            return success();
        })).method("pauseContainer", JsonNode.class, params -> run(params, (r, p) -> {
            r.pause(resolve(r, p.containerRef()));
            return success();
        })).method("resumeContainer", JsonNode.class, params -> run(params, (r, p) -> {
            r.resume(resolve(r, p.containerRef()));
            return success();
        })).method("executeCommand", JsonNode.class, params -> run(params, (r, p) -> {
            String ref = p.containerRef();
            String command = p.required("command");
            String options = p.optional("options");
            r.exec(resolve(r, ref), options == null ? "" : options, command);
            return success();
        })).method("hibernateContainer", JsonNode.class, params -> run(params, (r, p) -> {
            String ref = p.containerRef();
            String options = p.optional("options");
            r.hibernate(resolve(r, ref), options == null ? "" : options);
            return success();
        })).method("wakeupContainer", JsonNode.class, params -> run(params, (r, p) -> {
            r.wakeup(resolve(r, p.containerRef()));
            return success();
        })).method("annotate", JsonNode.class, params -> run(params, (r, p) -> {
            String ref = p.containerRef();
            // a character is at least a byte: the byte limits bound the text before it is measured exactly
            String key = p.required("key", annotationLimits.maxKeyBytes());
            String value = p.required("value", annotationLimits.maxValueBytes());
            annotationLimits.checkEntry(key, value);
            int descriptor = resolve(r, ref);
            // the count is checked here too, so that it also holds for Dobby's daemon, which has no limit
            annotationLimits.checkRoom(ref, r.info(descriptor).annotations(), key);
            r.annotate(descriptor, key, value);
            return success();
        })).method("removeAnnotation", JsonNode.class, params -> run(params, (r, p) -> {
            String ref = p.containerRef();
            String key = p.required("key");
            r.removeAnnotation(resolve(r, ref), key);
            return success();
        })).method("mount", JsonNode.class, params -> run(params, (r, p) -> {
            String ref = p.containerRef();
            MountRequest m = new MountRequest(p.path("source", true), p.path("target", true),
                    mountFlags(p.optional("options")), "");
            r.mount(resolve(r, ref), m);
            return success();
        })).method("unmount", JsonNode.class, params -> run(params, (r, p) -> {
            String ref = p.containerRef();
            r.unmount(resolve(r, ref), p.path("target", true));
            return success();
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
        ContainerRuntime r = provider.await();
        Params p = new Params(params);
        if (r == null) {
            throw JsonRpcException.serviceNotActive(provider.unavailable());
        }
        try {
            return op.apply(r, p);
        } catch (ContainerException e) {
            if (e.reason() == ContainerException.Reason.PROVIDER_UNAVAILABLE) {
                throw JsonRpcException.serviceNotActive("container provider '" + r.name() + "' is unavailable: "
                        + e.getMessage());
            }
            throw Params.fail(e.getMessage());
        }
    }

    /** The descriptor of the first listed container whose decimal descriptor or id equals the reference. */
    private static int resolve(ContainerRuntime r, String ref) throws ContainerException, JsonRpcException {
        for (ContainerRef c : r.list()) {
            if (Integer.toString(c.descriptor()).equals(ref) || c.id().equals(ref)) {
                return c.descriptor();
            }
        }
        throw Params.fail("no container '" + ref + "'");
    }

    private static int positive(int descriptor) throws JsonRpcException {
        if (descriptor <= 0) {
            throw Params.fail("the provider did not start the container");
        }
        return descriptor;
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
