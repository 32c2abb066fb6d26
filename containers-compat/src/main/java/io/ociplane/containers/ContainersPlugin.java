package io.ociplane.containers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
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
import io.ociplane.oci.api.ContainerInfo;
import io.ociplane.oci.api.ContainerListener;
import io.ociplane.oci.api.ContainerRef;
import io.ociplane.oci.api.ContainerRuntime;
import io.ociplane.oci.api.ProviderProblem;
import io.ociplane.oci.api.consumer.ProviderSlot;
import io.ociplane.oci.api.SpecStart;

/**
 * Thunder's legacy {@code Containers} plugin over the container API: {@code start}/{@code stop} of containers
 * found by name in the configured directories, and the read-only properties {@code containers},
 * {@code networks@}, {@code memory@} and {@code cpu@} of every container the provider reports. Errors follow
 * Thunder R4.4.2+ (docs/plugins-api.md#containers-errors): an unknown container is {@code ERROR_UNAVAILABLE}, for
 * properties with the empty result text as message.
 */
@Component(service = { JsonRpcPlugin.class, ContainerListener.class },
        configurationPid = JsonRpcPlugin.FACTORY_PID_PREFIX + "Containers",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ContainersConfig.class, factory = true)
public class ContainersPlugin implements JsonRpcPlugin, ContainerListener {

    /**
     * The highest-ranked provider (greedy: DS binds a better one when it registers); calls made while a provider
     * is being replaced wait for the next one, up to {@link ProviderSlot#DEFAULT_GRACE_MILLIS} ms.
     */
    final ProviderSlot provider = new ProviderSlot(ProviderSlot.DEFAULT_GRACE_MILLIS);
    private final StopWaits stopWaits = new StopWaits();
    private final NameLocks starting = new NameLocks();
    private final CgroupStats cgroups;
    private final NetworkInterfaces networks = new NetworkInterfaces();
    private List<Path> paths = List.of();
    private long replaceTimeoutMillis = 5000;

    public ContainersPlugin() {
        this(new CgroupStats(Path.of("/proc"), Path.of("/sys/fs/cgroup")));
    }

    ContainersPlugin(CgroupStats cgroups) {
        this.cgroups = cgroups;
    }

    @Activate
    void activate(ContainersConfig config) {
        paths = ContainerSource.searchPaths(config.containerPaths());
        replaceTimeoutMillis = config.replaceTimeoutMillis();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindRuntime(ContainerRuntime r) {
        provider.bind(r);
    }

    void unbindRuntime(ContainerRuntime r) {
        provider.unbind(r);
    }

    /** Providers that are installed but cannot serve say why; the reasons go into the note and the errors. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindProblem(ProviderProblem p) {
        provider.addProblem(p);
    }

    void unbindProblem(ProviderProblem p) {
        provider.removeProblem(p);
    }

    @Override
    public PluginApi define(EventSink events) {
        // Thunder's ProcessContainers plugin: module and metadata version, and its typed params
        // (docs/plugins-api.md#containers)
        return PluginApi.builder().module("Plugin_ProcessContainers").version(1, 0, 0).versions(1)
                .statusNote(provider::note).ready(provider.ready())
                .method("start", JsonNode.class,
                        ParamTypes.object().string("name").string("command").array("parameters"), this::start)
                .method("stop", JsonNode.class, ParamTypes.object().string("name"), this::stop)
                .property("containers", index -> names())
                .property("networks", this::networks)
                .property("memory", name -> withPid(name, "{}", cgroups::memory))
                .property("cpu", name -> withPid(name, "{}", cgroups::cpu))
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
    public void containerEvent(ContainerEvent e) {
        if (e.type() == ContainerEvent.Type.STOPPED && e.source() == provider.current()) {
            stopWaits.stopped(e.id(), e.descriptor());
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
        ContainerRuntime r = runtime();
        // one start of a name at a time (docs/concurrency.md): each replaces what the one before it started
        try (NameLocks.Held turn = starting.lock(name)) {
            replaceRunning(r, name);
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
     * The wait is registered before the list is read, so a Stopped of any container the list shows comes after it.
     */
    private void replaceRunning(ContainerRuntime r, String name) throws ContainerException, InterruptedException {
        try (StopWaits.Wait wait = stopWaits.register(name)) {
            Integer old = descriptorOf(r, name);
            if (old == null) {
                return;
            }
            try {
                r.stop(old, true);
            } catch (ContainerException e) {
                if (e.reason() != ContainerException.Reason.NOT_FOUND) {
                    throw e;
                }
                // it ended after the list was read (stopped by someone else, or by itself): its Stopped is coming
            }
            if (!wait.await(old, replaceTimeoutMillis)) {
                throw new ContainerException(ContainerException.Reason.TIMEOUT,
                        "the old container '" + name + "' did not stop within " + replaceTimeoutMillis + " ms");
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
        ContainerRuntime r = runtime();
        Integer descriptor = listed(r, name);
        if (descriptor == null) {
            throw new JsonRpcException(CoreError.UNAVAILABLE, "no container '" + shorten(name) + "'");
        }
        try {
            r.stop(descriptor, false);
        } catch (ContainerException e) {
            // Thunder ignores the runtime's answer to a stop
        }
        return null;
    }

    private List<String> names() throws JsonRpcException {
        List<String> names = new ArrayList<>();
        try {
            for (ContainerRef c : runtime().list()) {
                names.add(c.id());
            }
        } catch (ContainerException e) {
            throw new JsonRpcException(CoreError.GENERAL, e.getMessage());
        }
        return names;
    }

    private Object networks(String name) throws JsonRpcException {
        return withPid(name, "[]", pid -> {
            try {
                return networks.of(pid);
            } catch (IOException e) {
                return null;
            }
        });
    }

    /** Reads a figure of a container's init process; an unknown container fails with {@code output} as message. */
    private Object withPid(String name, String output, IntFunction<Object> read) throws JsonRpcException {
        ContainerRuntime r = runtime();
        Integer descriptor = listed(r, name == null ? "" : name);
        Object value = null;
        if (descriptor != null) {
            try {
                ContainerInfo info = r.info(descriptor);
                value = info.pids().isEmpty() ? null : read.apply(info.pids().get(0));
            } catch (ContainerException e) {
                value = null;
            }
        }
        if (value == null) {
            throw new JsonRpcException(CoreError.UNAVAILABLE, output, descriptor == null
                    ? "no container '" + shorten(name) + "'" : "the container's process cannot be read");
        }
        return value;
    }

    private Integer listed(ContainerRuntime r, String name) throws JsonRpcException {
        try {
            return descriptorOf(r, name);
        } catch (ContainerException e) {
            throw new JsonRpcException(CoreError.GENERAL, e.getMessage());
        }
    }

    private static Integer descriptorOf(ContainerRuntime r, String name) throws ContainerException {
        for (ContainerRef c : r.list()) {
            if (c.id().equals(name)) {
                return c.descriptor();
            }
        }
        return null;
    }

    private ContainerRuntime runtime() throws JsonRpcException {
        ContainerRuntime r = provider.await();
        if (r == null) {
            throw JsonRpcException.serviceNotActive(provider.unavailable());
        }
        return r;
    }

    private static String text(JsonNode params, String member) {
        JsonNode n = params == null ? null : params.get(member);
        return n != null && n.isTextual() ? n.textValue() : "";
    }

    private static String shorten(String s) {
        return io.ociplane.oci.api.ContainerIds.shorten(s);
    }
}
