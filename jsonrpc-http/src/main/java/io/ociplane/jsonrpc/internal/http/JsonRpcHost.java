package io.ociplane.jsonrpc.internal.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.ociplane.jsonrpc.internal.access.AccessPolicy;
import io.ociplane.jsonrpc.internal.access.SocketOwners;
import io.ociplane.jsonrpc.internal.access.TrustedUsers;
import io.ociplane.jsonrpc.internal.controller.ControllerPlugin;
import io.ociplane.jsonrpc.internal.controller.HostActions;
import io.ociplane.jsonrpc.internal.controller.Links;
import io.ociplane.jsonrpc.internal.controller.OverrideFile;
import io.ociplane.jsonrpc.internal.controller.PersistentDirectory;
import io.ociplane.jsonrpc.internal.controller.SsdpProbe;
import io.ociplane.jsonrpc.internal.controller.Subsystems;
import io.ociplane.jsonrpc.internal.controller.WorkerPool;
import io.ociplane.jsonrpc.internal.dispatch.Dispatcher;
import io.ociplane.jsonrpc.internal.dispatch.EventOrder;
import io.ociplane.jsonrpc.internal.dispatch.Subscriptions;
import io.ociplane.jsonrpc.internal.lifecycle.PluginFileWatcher;
import io.ociplane.jsonrpc.internal.lifecycle.PluginLifecycle;
import io.ociplane.jsonrpc.internal.lifecycle.PluginMetadata;
import io.ociplane.jsonrpc.internal.lifecycle.PluginRecord;
import io.ociplane.jsonrpc.internal.lifecycle.PluginRegistry;
import io.ociplane.jsonrpc.internal.lifecycle.PluginState;
import io.ociplane.jsonrpc.internal.lifecycle.Served;
import io.ociplane.jsonrpc.internal.lifecycle.StartReadiness;
import io.ociplane.jsonrpc.internal.wire.JsonCodec;
import io.ociplane.jsonrpc.internal.wire.WireProfile;
import io.ociplane.jsonrpc.security.SecurityOfficer;
import io.ociplane.jsonrpc.spi.EventSink;
import io.ociplane.jsonrpc.spi.JsonRpcPlugin;
import io.ociplane.jsonrpc.spi.PluginApi;

/**
 * Thunder's PluginHost in OSGi: tracks plugin services (whiteboard), runs the built-in Controller, keeps the
 * callsigns in line with the plugin files and hands the transports a dispatcher. Knows nothing of what plugins do.
 */
@Component(service = JsonRpcHost.class, immediate = true, configurationPid = JsonRpcHost.PID)
@Designate(ocd = HostConfig.class)
public class JsonRpcHost {

    public static final String PID = "io.ociplane.jsonrpc";
    static final String CONTROLLER = "Controller";
    private static final String INSECURE_NOTE = "insecure: every access check is off (development only)";
    private static final Logger LOG = LoggerFactory.getLogger(JsonRpcHost.class);

    private final PluginRegistry registry = new PluginRegistry();
    /**
     * Plugins declare their API on this thread, not in DS's bind callback (plugin code must not run while SCR
     * binds): it starts once the host is activated and ends when idle.
     */
    private final ThreadPoolExecutor definer = new ThreadPoolExecutor(0, 1, 5, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "jsonrpc-plugin-define");
                t.setDaemon(true);
                return t;
            });
    private final CompletableFuture<Void> activated = new CompletableFuture<>();
    /** Keeps the events a call causes ahead of its reply on a WebSocket. */
    private final EventOrder eventOrder = new EventOrder();
    private final Object binding = new Object();
    private final Set<Long> boundPlugins = new HashSet<>(); // guarded by binding: plugin services DS has bound
    private volatile StartReadiness readiness;

    @Reference
    private ConfigurationAdmin configAdmin;
    @Reference
    private ServiceComponentRuntime scr;

    private volatile Subscriptions subscriptions;
    private volatile ControllerPlugin controller;
    private SsdpProbe discovery;
    private JsonCodec codec;
    private Dispatcher dispatcher;
    private PluginFileWatcher watcher;
    private WorkerPool workers;
    private final Links links = new Links();
    private ScheduledExecutorService timer;
    private ScheduledFuture<?> startTimeoutCut;
    private HostHeaderPolicy hostPolicy;
    private AccessPolicy accessPolicy;
    private final SocketOwners socketOwners = new SocketOwners(Path.of("/proc/net"));
    private HostConfig config = LayeredHostConfig.of(Map.of(), name -> null); // until activated: the defaults

    /** Vouches for tokens while a SecurityAgent is active; without one only trusted local users get in. */
    private volatile SecurityOfficer securityOfficer;
    private volatile Subsystems subsystems;

    /**
     * @param configured the attributes set in the host's ConfigAdmin configuration (the others come from framework
     *            properties or HostConfig's defaults: {@link LayeredHostConfig})
     */
    @Activate
    void activate(Map<String, Object> configured, BundleContext context) throws IOException {
        config = LayeredHostConfig.of(configured, context::getProperty);
        WireProfile profile = WireProfile.valueOf(config.profile().trim().toUpperCase());
        codec = new JsonCodec(profile);
        subscriptions = new Subscriptions(codec, config.maxRegistrationsPerConnection());
        String bound = context.getProperty("org.apache.felix.http.host");
        hostPolicy = new HostHeaderPolicy(bound, config.allowedHosts());
        accessPolicy = new AccessPolicy(config.insecure(), new TrustedUsers(config.trustedUids(),
                config.trustedGids()), config.allowedOrigins());
        if (accessPolicy.insecure()) {
            if (!HostHeaderPolicy.isLoopback(bound)) {
                throw new IllegalStateException("refusing to serve on " + bound + " with every access check off "
                        + "(insecure): bind to 127.0.0.1 or turn the checks on");
            }
            LOG.warn("INSECURE: every access check is off; any local program and any web page can drive this "
                    + "runtime as root");
        }
        registry.setGraceMillis(config.restartGraceMillis());
        int threads = config.workerThreads();
        workers = new WorkerPool(threads, 4096, "jsonrpc-worker", 10, true); // the next burst starts them again
        timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "jsonrpc-timer");
            t.setDaemon(true);
            return t;
        });

        List<String> externalSubsystems = List.of(config.externalSubsystems());
        Subsystems subsystems = new Subsystems(profile, externalSubsystems);
        this.subsystems = subsystems;
        PluginLifecycle lifecycle = new PluginLifecycle(registry, configAdmin, scr,
                config.activationTimeoutMillis(),
                name -> java.util.Arrays.stream(context.getBundles()).anyMatch(b -> name.equals(b.getSymbolicName())),
                subsystems::met);
        registry.setImplementationCheck(lifecycle::implementationPresent);
        StartReadiness ready = new StartReadiness(registry, lifecycle::implementationPresent);
        readiness = ready;
        Path persistentPath = Path.of(config.persistentPath()).toAbsolutePath();
        OverrideFile overrides = new OverrideFile(persistentPath, codec.mapper());
        discovery = new SsdpProbe(node(config.discoveryNode()), config.discoveryTtl());
        ControllerPlugin c = new ControllerPlugin(registry, lifecycle, profile, subscriptions::count,
                () -> accessPolicy.insecure() ? INSECURE_NOTE : null, ready, context.getBundle().getVersion().toString(),
                new HostActions(overrides, discovery, config.allowReboot() ? () -> stopFramework(context) : null,
                        subsystems, PersistentDirectory.ofRuntimeUser(persistentPath.resolve(CONTROLLER)), links,
                        workers));
        registry.addBuiltIn(CONTROLLER, c.define((event, index, params) -> subscriptions.publish(CONTROLLER, event,
                index, params)), ControllerPlugin.configuration(externalSubsystems));
        controller = c;
        subsystems.onChange(() -> {
            try {
                workers.execute(c::subsystemsChanged);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                LOG.debug("subsystem change while the host stops; the next host reads them anew");
            }
        });
        securityChanged();
        registry.setListener(this::stateChanged);
        dispatcher = new Dispatcher(registry, subscriptions, codec, CONTROLLER, (callsign, subscription) -> {
            if (CONTROLLER.equals(callsign)) {
                c.registered(subscriptions, subscription);
            }
        });

        Path dir = Path.of(config.pluginsDir()).toAbsolutePath();
        watcher = new PluginFileWatcher(dir, codec.mapper(), (files, reason) -> {
            if ("Startup".equals(reason)) {
                lifecycle.deleteStaleConfigurations(files.keySet());
            }
            lifecycle.apply(OverrideFile.apply(files, readOverrides(overrides)), reason);
        });
        watcher.start();
        LOG.info("JSON-RPC host serving profile {} with plugin files from {}", profile, dir);
        long startTimeout = config.activationTimeoutMillis();
        startTimeoutCut = timer.schedule(ready::giveUp, startTimeout, TimeUnit.MILLISECONDS);
        ready.whenReady().thenAccept(late -> {
            if (!late.isEmpty()) {
                LOG.warn("Start over after {} ms with plugins not ready: {}", startTimeout, late);
            }
        });
        activated.complete(null);
        ready.filesApplied();
    }

    /** The overrides Controller.persist wrote; none (and a warning) when the file cannot be read. */
    private static Map<String, JsonNode> readOverrides(OverrideFile overrides) {
        try {
            return overrides.read();
        } catch (IOException | RuntimeException e) {
            LOG.warn("Ignoring the plugin override file {}: {}", overrides.path(), e.getMessage());
            return Map.of();
        }
    }

    private static InetSocketAddress node(String ipPort) {
        int colon = ipPort.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("discoveryNode must be ip:port, not " + ipPort);
        }
        return new InetSocketAddress(ipPort.substring(0, colon), Integer.parseInt(ipPort.substring(colon + 1)));
    }

    /**
     * Controller.reboot's nearest real thing: stops the framework cleanly, on a thread of its own so that the
     * call's reply goes out first (the host waits for running calls when it is deactivated).
     */
    private static void stopFramework(BundleContext context) {
        Thread t = new Thread(() -> {
            try {
                context.getBundle(0).stop();
            } catch (BundleException | IllegalStateException e) {
                LOG.error("Controller.reboot could not stop the framework", e);
            }
        }, "controller-reboot");
        t.start();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindSecurityOfficer(SecurityOfficer officer) {
        securityOfficer = officer;
        securityChanged();
    }

    void unbindSecurityOfficer(SecurityOfficer officer) {
        if (securityOfficer == officer) {
            securityOfficer = null;
        }
        securityChanged();
    }

    /** The SecurityAgent provides Thunder's Security subsystem (when it is driven from outside). */
    private void securityChanged() {
        Subsystems s = subsystems;
        if (s != null) {
            s.provide("Security", securityOfficer != null);
        }
    }

    @Deactivate
    void deactivate() {
        discovery.close();
        definer.shutdownNow();
        watcher.close();
        // Calls that run finish (a plugin is not interrupted halfway through its work); queued ones are dropped:
        // their connections are closed with this host and their clients send them again. The timer still runs
        // its pending cuts of connections that have not taken their close frame, then ends.
        workers.getQueue().clear();
        workers.shutdown();
        awaitRunningCalls();
        startTimeoutCut.cancel(false); // else the timer thread would outlive this host until the start timeout
        timer.shutdown();
        registry.setListener((r, s, why) -> { });
    }

    /**
     * Lets the calls that run end on this code, up to the restart grace: when the bundle is being updated, the
     * framework refreshes it next, and a call still running would fail at the first class not loaded yet.
     */
    private void awaitRunningCalls() {
        try {
            long grace = config.restartGraceMillis();
            if (!workers.awaitTermination(grace, TimeUnit.MILLISECONDS)) {
                LOG.warn("calls still running {} ms after the host was deactivated", grace);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Reference(service = JsonRpcPlugin.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    void bindPlugin(JsonRpcPlugin plugin, ServiceReference<JsonRpcPlugin> ref) {
        Object callsign = ref.getProperty(JsonRpcPlugin.CALLSIGN);
        if (!(callsign instanceof String) || ((String) callsign).isEmpty()) {
            LOG.warn("Plugin service {} has no '{}' property; not served", ref, JsonRpcPlugin.CALLSIGN);
            return;
        }
        long serviceId = (Long) ref.getProperty("service.id");
        synchronized (binding) {
            boundPlugins.add(serviceId);
        }
        activated.thenRunAsync(() -> serve((String) callsign, plugin, ref, serviceId), definer);
    }

    /** Asks the plugin for its API and serves it, unless DS unbound the service meanwhile. */
    private void serve(String callsign, JsonRpcPlugin plugin, ServiceReference<JsonRpcPlugin> ref, long serviceId) {
        PluginApi api;
        try {
            api = plugin.define(sinkFor(callsign));
        } catch (RuntimeException e) {
            LOG.error("Plugin {} failed to declare its API; not served", callsign, e);
            return;
        }
        Object component = ref.getProperty("component.name");
        Object classname = ref.getProperty(JsonRpcPlugin.CLASSNAME);
        Served served = new Served(api, serviceId, ref.getBundle(), component instanceof String ? (String) component : null,
                PluginMetadata.of(api, ref.getBundle(), classname instanceof String ? (String) classname : null));
        synchronized (binding) {
            if (!boundPlugins.contains(serviceId)) {
                return; // unbound while it declared its API
            }
            if (!registry.served(callsign, served)) {
                LOG.warn("Callsign {} is already served; service {} ignored", callsign, serviceId);
                return;
            }
        }
        api.ready().thenRun(readiness::check);
    }

    void unbindPlugin(JsonRpcPlugin plugin, ServiceReference<JsonRpcPlugin> ref) {
        Object callsign = ref.getProperty(JsonRpcPlugin.CALLSIGN);
        long serviceId = (Long) ref.getProperty("service.id");
        synchronized (binding) {
            boundPlugins.remove(serviceId);
            if (callsign instanceof String) {
                registry.unserved((String) callsign, serviceId);
            }
        }
    }

    /** A plugin's events: to its subscribers, then into {@code Controller.all}, as one emission (EventOrder). */
    private EventSink sinkFor(String callsign) {
        return (event, index, params) -> eventOrder.emit(() -> {
            Subscriptions subs = subscriptions;
            ControllerPlugin c = controller;
            if (subs != null) {
                subs.publish(callsign, event, index, params);
            }
            if (c != null) {
                c.forward(callsign, event, params);
            }
        });
    }

    private void stateChanged(PluginRecord record, PluginState state, String reason) {
        LOG.info("Plugin {} {} ({})", record.callsign(), state.pascal(), reason);
        eventOrder.emit(() -> {
            if (state == PluginState.DEACTIVATED || state == PluginState.UNAVAILABLE) {
                subscriptions.dropCallsign(record.callsign());
            }
            controller.stateChanged(record, state, reason);
        });
        readiness.check();
    }

    // ---- what the transports use ----

    /**
     * Completes when the start is over: every plugin that starts activated serves and is ready, or the start
     * timeout passed (then with the callsigns still not ready).
     */
    CompletionStage<List<String>> whenReady() {
        return readiness.whenReady();
    }

    Dispatcher dispatcher() {
        return dispatcher;
    }

    JsonCodec codec() {
        return codec;
    }

    Subscriptions subscriptions() {
        return subscriptions;
    }

    EventOrder eventOrder() {
        return eventOrder;
    }

    ExecutorService workers() {
        return workers;
    }

    /** The client connections Controller.links lists: the transports report theirs here. */
    Links links() {
        return links;
    }

    /** How long a call waits for a restarting plugin (and a request for a host being replaced). */
    long restartGraceMillis() {
        return config.restartGraceMillis();
    }

    /** Runs the host's delayed chores (cutting WebSocket clients that do not take their close frame). */
    ScheduledExecutorService timer() {
        return timer;
    }

    HostHeaderPolicy hostPolicy() {
        return hostPolicy;
    }

    int maxRequestBytes() {
        return config.maxRequestBytes();
    }

    int maxQueuedMessages() {
        return config.maxQueuedMessages();
    }

    int maxQueuedBytes() {
        return config.maxQueuedBytes();
    }

    AccessPolicy accessPolicy() {
        return accessPolicy;
    }

    SocketOwners socketOwners() {
        return socketOwners;
    }

    /** The officer that vouches for tokens, or {@code null} while there is none. */
    SecurityOfficer securityOfficer() {
        return securityOfficer;
    }

    /** The record of a callsign addressed by a {@code /jsonrpc/<callsign>} path, or {@code null}. */
    PluginRecord plugin(String callsign) {
        return registry.find(callsign);
    }
}
