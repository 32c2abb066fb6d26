package io.ociplane.containers;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

import com.fasterxml.jackson.databind.JsonNode;

import io.ociplane.jsonrpc.spi.CoreError;
import io.ociplane.jsonrpc.spi.EventSink;
import io.ociplane.jsonrpc.spi.JsonRpcException;
import io.ociplane.jsonrpc.spi.JsonRpcPlugin;
import io.ociplane.jsonrpc.spi.ParamTypes;
import io.ociplane.jsonrpc.spi.PluginApi;
import io.ociplane.oci.api.BundleStart;
import io.ociplane.oci.api.ContainerEvent;
import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerIds;
import io.ociplane.oci.api.ContainerInfo;
import io.ociplane.oci.api.ContainerRef;
import io.ociplane.oci.api.ContainerRuntime;
import io.ociplane.oci.api.InterfaceAddresses;
import io.ociplane.oci.api.SpecStart;
import io.ociplane.oci.api.consumer.ProviderConsumer;
import io.ociplane.oci.api.consumer.Providers;
import io.ociplane.oci.api.consumer.Providers.Located;

/**
 * Thunder's legacy {@code Containers} plugin over the container API: {@code start}/{@code stop} of containers
 * found by name in the configured directories, and the read-only properties {@code containers},
 * {@code networks@}, {@code memory@} and {@code cpu@} of every container the providers report, with the figures
 * the provider that runs it reads. Errors follow Thunder R4.4.2+ (docs/plugins-api.md#containers-errors): an
 * unknown container is {@code ERROR_UNAVAILABLE}, for properties with the empty result text as message.
 */
@Component(service = JsonRpcPlugin.class, configurationPid = JsonRpcPlugin.FACTORY_PID_PREFIX + "Containers",
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
@Designate(ocd = ContainersConfig.class, factory = true)
public class ContainersPlugin extends ProviderConsumer implements JsonRpcPlugin {

    /** What Thunder reports for a figure it could not read: UINT64_MAX (docs/plugins-api.md#containers-api). */
    static final BigInteger UNREADABLE = new BigInteger("18446744073709551615");

    /** A container among all providers: a Stopped event names the one it is about. */
    private record Which(ContainerRuntime provider, int descriptor) {
    }

    /** What one property reads of a container through the provider that runs it. */
    private interface Figure {
        Object read(ContainerRuntime provider, String id) throws ContainerException;
    }

    private final StopWaits stopWaits = new StopWaits();
    private final NameLocks starting = new NameLocks();
    private ContainersConfig config;
    private List<Path> paths = List.of();

    @Activate
    void activate(ContainersConfig config) {
        this.config = config;
        paths = ContainerSource.searchPaths(config.containerPaths());
    }

    @Override
    public PluginApi define(EventSink events) {
        // Thunder's ProcessContainers plugin: module and metadata version, and its typed params
        // (docs/plugins-api.md#containers)
        return PluginApi.builder().module("Plugin_ProcessContainers").version(1, 0, 0).versions(1)
                .statusNote(providers::note).ready(providers.ready())
                .method("start", JsonNode.class,
                        ParamTypes.object().string("name").string("command").array("parameters"), this::start)
                .method("stop", JsonNode.class, ParamTypes.object().string("name"), this::stop)
                .property("containers", index -> names())
                .property("networks", name -> figure(name, "[]", (r, id) -> networks(r.networkInterfaces(id))))
                .property("memory", name -> figure(name, "{}", (r, id) -> memory(running(r.info(id)))))
                .property("cpu", name -> figure(name, "{}", (r, id) -> cpu(running(r.info(id)))))
                .build();
    }

    /** How many callers are registered as waiting for a container to stop (for tests). */
    int pendingStopWaits() {
        return stopWaits.size();
    }

    /** How many names have a start under way or waiting (for tests). */
    int namesStarting() {
        return starting.size();
    }

    @Override
    protected void containerEvent(ContainerRuntime provider, ContainerEvent e) {
        if (e.type() == ContainerEvent.Type.STOPPED) {
            stopWaits.stopped(e.id(), new Which(provider, e.descriptor()));
        }
    }

    private Object start(JsonNode params) throws JsonRpcException {
        String name = text(params, "name");
        ContainerSource source = ContainerSource.find(paths, name);
        if (source == null) {
            throw new JsonRpcException(CoreError.UNAVAILABLE,
                    "no container '" + shorten(name) + "' in the configured containerPaths");
        }
        String command = command(text(params, "command"), params.path("parameters"));
        served();
        // one start of a name at a time (docs/concurrency.md): each replaces what the one before it started
        try (NameLocks.Held turn = starting.lock(name)) {
            replaceRunning(name);
            ContainerRuntime r = providers.forStart();
            if (source.bundleDir() != null) {
                r.startFromBundle(new BundleStart(name, source.bundleDir().toString(), command, null, List.of(), null,
                        null));
            } else {
                r.startFromSpec(new SpecStart(name, source.specText(), command, null, List.of()));
            }
        } catch (ContainerException e) {
            throw new JsonRpcException(CoreError.GENERAL, "failed to start container '" + name + "': "
                    + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JsonRpcException(CoreError.GENERAL, "interrupted while starting container '" + name + "'");
        }
        return null;
    }

    /**
     * As Thunder: an old container of the same name is killed, and its Stopped awaited for a bounded time, first.
     * The wait is registered before the container is looked for, so a Stopped of the container found comes after
     * it.
     */
    private void replaceRunning(String name) throws ContainerException, InterruptedException {
        try (StopWaits.Wait wait = stopWaits.register(name)) {
            Located old = providers.locate(name);
            if (old == null) {
                return;
            }
            try {
                old.provider().stop(name, true);
            } catch (ContainerException e) {
                if (e.reason() != ContainerException.Reason.NOT_FOUND) {
                    throw e;
                }
                // it ended after it was found (stopped by someone else, or by itself): its Stopped is coming
            }
            if (!wait.await(new Which(old.provider(), old.container().descriptor()), config.replaceTimeoutMillis())) {
                throw new ContainerException(ContainerException.Reason.TIMEOUT,
                        "the old container '" + name + "' did not stop within " + config.replaceTimeoutMillis()
                        + " ms");
            }
        }
    }

    /** Thunder runs {@code /usr/bin/<command>} for a bare name, then each parameter after one space. */
    private static String command(String command, JsonNode parameters) throws JsonRpcException {
        if (command.isEmpty()) {
            return null; // nothing given: the container's own command runs
        }
        StringBuilder full = new StringBuilder(command.startsWith("/") ? command : "/usr/bin/" + command);
        if (parameters.isArray()) {
            for (JsonNode p : parameters) {
                if (!p.isTextual()) {
                    throw new JsonRpcException(CoreError.GENERAL, "'parameters' must be an array of strings");
                }
                full.append(' ').append(p.textValue());
            }
        }
        for (int i = 0; i < full.length(); i++) {
            if (full.charAt(i) < 0x20) {
                throw new JsonRpcException(CoreError.GENERAL, "the command contains a control character");
            }
        }
        return full.toString();
    }

    private Object stop(JsonNode params) throws JsonRpcException {
        String name = text(params, "name");
        Located c = located(name);
        if (c == null) {
            throw new JsonRpcException(CoreError.UNAVAILABLE, "no container '" + shorten(name) + "'");
        }
        try {
            c.provider().stop(c.id(), false);
        } catch (ContainerException e) {
            // Thunder ignores the runtime's answer to a stop
        }
        return null;
    }

    private List<String> names() throws JsonRpcException {
        List<String> names = new ArrayList<>();
        try {
            for (ContainerRef c : providers.containers()) {
                names.add(c.id());
            }
        } catch (ContainerException e) {
            throw failure(e);
        }
        return names;
    }

    /** A figure of a container, read by its provider; an unknown container fails with {@code output} as message. */
    private Object figure(String name, String output, Figure figure) throws JsonRpcException {
        Located c = located(name == null ? "" : name);
        if (c == null) {
            throw new JsonRpcException(CoreError.UNAVAILABLE, output, "no container '" + shorten(name) + "'");
        }
        try {
            return figure.read(c.provider(), c.id());
        } catch (ContainerException e) {
            throw new JsonRpcException(CoreError.UNAVAILABLE, output, "the container's figures cannot be read: "
                    + e.getMessage());
        }
    }

    /** The info of a container whose process is there to be measured. */
    private static ContainerInfo running(ContainerInfo info) throws ContainerException {
        if (info.pids().isEmpty()) {
            throw new ContainerException(ContainerException.Reason.INVALID_STATE, "it has no process");
        }
        return info;
    }

    /** {@code {"allocated","resident","shared"}} in bytes: usage, anonymous memory, mapped files. */
    private static Map<String, Object> memory(ContainerInfo info) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("allocated", bytes(info.memory().usage()));
        m.put("resident", bytes(info.memory().resident()));
        m.put("shared", bytes(info.memory().shared()));
        return m;
    }

    private static Object bytes(Long value) {
        return value == null || value < 0 ? UNREADABLE : value;
    }

    /** {@code {"total","cores"}} in nanoseconds: the cores' sum where they are known, else the total alone. */
    private static Map<String, Object> cpu(ContainerInfo info) {
        Map<String, Object> c = new LinkedHashMap<>();
        List<Long> cores = info.cpu().perCpu();
        if (cores != null && !cores.isEmpty()) {
            c.put("total", cores.stream().map(BigInteger::valueOf).reduce(BigInteger.ZERO, BigInteger::add));
            c.put("cores", cores);
        } else {
            c.put("total", info.cpu().total() == null ? 0L : info.cpu().total());
        }
        return c;
    }

    /** {@code [{"interface":..,"ips":[..]}]}, {@code ips} left out of an interface without addresses. */
    private static List<Map<String, Object>> networks(List<InterfaceAddresses> interfaces) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (InterfaceAddresses i : interfaces) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("interface", i.name());
            if (!i.addresses().isEmpty()) {
                entry.put("ips", i.addresses());
            }
            out.add(entry);
        }
        return out;
    }

    /** Where the named container runs, or {@code null}; not active without any provider. */
    private Located located(String name) throws JsonRpcException {
        try {
            return providers.locate(name);
        } catch (ContainerException e) {
            throw failure(e);
        }
    }

    /** Waits for a provider while the grace allows; not active without one. */
    private void served() throws JsonRpcException {
        try {
            providers.awaitServed();
        } catch (ContainerException e) {
            throw failure(e);
        }
    }

    private static JsonRpcException failure(ContainerException e) {
        return e.reason() == ContainerException.Reason.PROVIDER_UNAVAILABLE
                ? JsonRpcException.serviceNotActive(e.getMessage())
                : new JsonRpcException(CoreError.GENERAL, e.getMessage());
    }

    private static String text(JsonNode params, String member) {
        JsonNode n = params == null ? null : params.get(member);
        return n != null && n.isTextual() ? n.textValue() : "";
    }

    private static String shorten(String s) {
        return ContainerIds.shorten(s);
    }
}
