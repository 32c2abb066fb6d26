package io.ociplane.jsonrpc.internal.dispatch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.ociplane.jsonrpc.spi.CoreError;
import io.ociplane.jsonrpc.spi.JsonRpcException;
import io.ociplane.jsonrpc.spi.PluginApi;

/**
 * The plugins the request-path fuzz test dispatches to: shaped like the shipped ones (the seed requests of the
 * README name them), with params bound to typed records, properties with and without an index, a read-write
 * property, events, every error a plugin can report, and one plugin that is known but not active. The handlers
 * are as simple as they can be; what is under test is the host around them.
 */
final class FuzzPlugins implements PluginDirectory {

    static final String OCI = "org.rdk.OCIContainer";
    static final String CONTAINERS = "Containers";
    static final String CONTROLLER = "Controller";
    static final String INACTIVE = "Off";

    record ContainerId(String containerId) {
    }

    record Start(String containerId, String bundlePath, String command, String westerosSocket, List<String> envvar) {
    }

    record FromSpec(String containerId, JsonNode dobbySpec, String command, String westerosSocket) {
    }

    record Execute(String containerId, String options, String command) {
    }

    record Annotate(String containerId, String key, String value) {
    }

    /** Publishes {@code event[@index]} on this plugin with {@code payload} as params. */
    record Emit(String event, String index, JsonNode payload) {
    }

    /** Fails with the error whose code is {@code code} (modulo the known codes), an output text and a reason. */
    record Fail(int code, String output, String reason, boolean notActive) {
    }

    record StartByName(String name, String command, List<String> parameters) {
    }

    record Limits(int maxAnnotations, long memLimit, boolean strict, double share) {
    }

    record CallsignParam(String callsign) {
    }

    record Descriptor(int descriptor, boolean success) {
    }

    private final Map<String, PluginApi> active = new LinkedHashMap<>();
    private Limits limits = new Limits(16, 1L << 20, true, 0.5);

    FuzzPlugins(Subscriptions subscriptions) {
        active.put(OCI, ociContainer(subscriptions));
        active.put(CONTAINERS, containers());
        active.put(CONTROLLER, controller());
    }

    @Override
    public boolean knows(String callsign) {
        return active.containsKey(callsign) || INACTIVE.equals(callsign);
    }

    @Override
    public PluginApi awaitActive(String callsign) {
        return active.get(callsign);
    }

    private static PluginApi ociContainer(Subscriptions subscriptions) {
        return PluginApi.builder().versions(1)
                .method("listContainers", () -> Map.of("containers", List.of(), "success", true))
                .method("getContainerInfo", ContainerId.class, p -> {
                    if (p == null || p.containerId() == null) {
                        throw new JsonRpcException(CoreError.GENERAL, "containerId is missing");
                    }
                    Map<String, Object> info = new LinkedHashMap<>();
                    info.put("containerId", p.containerId());
                    info.put("state", "running");
                    return Map.of("info", info, "success", true);
                })
                .method("startContainer", Start.class, p -> new Descriptor(91, p != null))
                .method("startContainerFromDobbySpec", FromSpec.class, p -> p == null ? null : p.dobbySpec())
                .method("executeCommand", Execute.class, p -> p)
                .method("stopContainer", ContainerId.class, p -> p)
                .method("annotate", Annotate.class, p -> {
                    if (p == null || p.key() == null || p.key().isEmpty()) {
                        throw new JsonRpcException(CoreError.GENERAL, "key is missing");
                    }
                    return Map.of("success", true);
                })
                .method("emit", Emit.class, p -> {
                    if (p != null && p.event() != null) {
                        subscriptions.publish(OCI, p.event(), p.index(), p.payload());
                    }
                    return null;
                })
                .method("fail", Fail.class, p -> {
                    if (p == null) {
                        throw JsonRpcException.serviceNotActive(null);
                    }
                    if (p.notActive()) {
                        throw JsonRpcException.serviceNotActive(p.reason());
                    }
                    CoreError[] errors = CoreError.values();
                    throw new JsonRpcException(errors[Math.floorMod(p.code(), errors.length)], p.output(), p.reason());
                })
                .event("onContainerStarted").event("onContainerStopped").event("onContainerStateChanged")
                .build();
    }

    private PluginApi containers() {
        return PluginApi.builder().versions(1, 2).emptyParamsRead(true)
                .method("start", StartByName.class, p -> p)
                .method("stop", JsonNode.class, p -> p.isMissingNode() ? "missing" : p)
                .property("containers", index -> List.of("sleepy"))
                .property("memory", index -> {
                    if (!"sleepy".equals(index)) {
                        throw new JsonRpcException(CoreError.UNAVAILABLE, "{}", null);
                    }
                    return Map.of("allocated", 5, "resident", 4);
                })
                .property("networks", index -> index == null ? List.of() : List.of(Map.of("interface", index)))
                .property("limits", index -> limits, Limits.class, (index, value) -> {
                    if (value == null) {
                        throw new JsonRpcException(CoreError.BAD_REQUEST, "limits must be an object");
                    }
                    limits = value;
                })
                .build();
    }

    private static PluginApi controller() {
        return PluginApi.builder().versions(1)
                .interfaceVersion("Controller", 1, 0, 0)
                .method("activate", CallsignParam.class, p -> null)
                .method("deactivate", CallsignParam.class, p -> null)
                .property("status", index -> {
                    List<Object> out = new ArrayList<>();
                    for (String callsign : List.of(OCI, CONTAINERS, CONTROLLER, INACTIVE)) {
                        if (index == null || index.equals(callsign)) {
                            out.add(Map.of("callsign", callsign, "state", "activated"));
                        }
                    }
                    if (out.isEmpty()) {
                        throw new JsonRpcException(CoreError.UNKNOWN_KEY, "no plugin '" + index + "'");
                    }
                    return out;
                })
                .event("statechange").event("all")
                .build();
    }
}
