package io.ociplane.jsonrpc.internal.lifecycle;

import java.io.IOException;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.util.promise.Promise;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

import io.ociplane.jsonrpc.spi.CoreError;
import io.ociplane.jsonrpc.spi.JsonRpcException;
import io.ociplane.jsonrpc.spi.JsonRpcPlugin;

/**
 * Activates and deactivates plugins the OSGi way. A plugin from a file is activated by creating its ConfigAdmin
 * factory configuration (named after the callsign) and deactivated by deleting it, so DS really starts and stops
 * the component; a self-registered plugin is enabled and disabled through the Service Component Runtime.
 */
public final class PluginLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(PluginLifecycle.class);

    private final PluginRegistry registry;
    private final ConfigurationAdmin configAdmin;
    private final ServiceComponentRuntime scr;
    private final long timeoutMillis;
    private final Predicate<String> bundleInstalled;

    /**
     * @param bundleInstalled whether a bundle with this symbolic name is installed (a plugin file's {@code locator}):
     *            its components may not be known to SCR yet while it starts
     */
    /** Whether a plugin file's {@code precondition} holds (subsystems); one that does not waits in Precondition. */
    private final Predicate<List<String>> conditionsMet;

    public PluginLifecycle(PluginRegistry registry, ConfigurationAdmin configAdmin, ServiceComponentRuntime scr,
            long timeoutMillis, Predicate<String> bundleInstalled, Predicate<List<String>> conditionsMet) {
        this.conditionsMet = conditionsMet;
        this.registry = registry;
        this.configAdmin = configAdmin;
        this.scr = scr;
        this.timeoutMillis = timeoutMillis;
        this.bundleInstalled = bundleInstalled;
    }

    /** Brings the callsigns in line with the plugin files: new ones created, changed ones restarted, gone ones removed. */
    public void apply(Map<String, PluginFile> files, String reason) {
        Set<String> gone = new HashSet<>();
        for (PluginRecord r : registry.all()) {
            if (r.file != null && !files.containsKey(r.callsign())) {
                gone.add(r.callsign());
            }
        }
        for (String callsign : gone) {
            remove(registry.find(callsign));
        }
        for (PluginFile f : files.values()) {
            PluginRecord existing = registry.find(f.callsign());
            if (existing != null && existing.builtIn()) {
                LOG.warn("{}: callsign {} is built in; file ignored", f.source(), f.callsign());
                continue;
            }
            if (existing != null && f.equals(existing.file)) {
                continue;
            }
            if (f.startFlagsDisagree()) {
                LOG.warn("{}: startmode {} and autostart {} disagree; startmode wins", f.source(), f.startmode(),
                        f.autostart());
            }
            if (existing != null && existing.file != null && !existing.file.classname().equals(f.classname())) {
                deleteConfiguration(existing); // the old class's configuration would keep its component alive
            }
            PluginRecord r = registry.upsertFile(f);
            if (f.startsActivated()) {
                registry.setDesired(r, PluginRecord.Desired.ACTIVATED, reason);
                if (preconditionsMet(r)) {
                    writeConfiguration(r);
                }
            } else {
                registry.setDesired(r, PluginRecord.Desired.DEACTIVATED, reason);
                deleteConfiguration(r);
                if (r.served == null) {
                    registry.announce(r, PluginState.DEACTIVATED, reason);
                }
            }
        }
    }

    private void remove(PluginRecord r) {
        registry.setDesired(r, PluginRecord.Desired.DEACTIVATED, "Requested");
        deleteConfiguration(r);
        registry.forget(r);
    }

    /** Controller.activate: returns when the plugin serves, or fails with Thunder's error. */
    public void activate(String callsign) throws JsonRpcException {
        PluginRecord r = require(callsign);
        synchronized (r.operations) {
            activate(r);
        }
    }

    private void activate(PluginRecord r) throws JsonRpcException {
        if (r.served != null && r.desired == PluginRecord.Desired.ACTIVATED) {
            return;
        }
        registry.setDesired(r, PluginRecord.Desired.ACTIVATED, "Requested");
        if (!preconditionsMet(r)) {
            throw new JsonRpcException(CoreError.PENDING_CONDITIONS, null, "its precondition " + r.file.precondition()
                    + " does not hold (Controller.subsystems); it waits in Precondition");
        }
        if (r.file != null) {
            writeConfiguration(r);
        } else {
            setEnabled(r, true);
        }
        if (registry.awaitServed(r, timeoutMillis) == null) {
            if (!implementationPresent(r)) {
                throw new JsonRpcException(CoreError.PENDING_CONDITIONS, null, "no installed bundle provides plugin"
                        + " class '" + r.classname("?") + "'; it activates when one is installed");
            }
            throw new JsonRpcException(CoreError.OPENING_FAILED, null,
                    "plugin did not come up within " + timeoutMillis + " ms");
        }
    }

    /** Controller.deactivate: returns when the plugin's component has stopped. */
    public void deactivate(String callsign) throws JsonRpcException {
        PluginRecord r = require(callsign);
        synchronized (r.operations) {
            deactivate(r);
        }
    }

    private void deactivate(PluginRecord r) throws JsonRpcException {
        PluginRecord.Desired before = r.desired;
        registry.setDesired(r, PluginRecord.Desired.DEACTIVATED, "Requested");
        if (r.served == null) {
            if (before != PluginRecord.Desired.DEACTIVATED) {
                deleteConfiguration(r);
                registry.announce(r, PluginState.DEACTIVATED, "Requested");
            }
            return;
        }
        if (r.file != null) {
            deleteConfiguration(r);
        } else {
            setEnabled(r, false);
        }
        if (!registry.awaitUnserved(r, timeoutMillis)) {
            throw new JsonRpcException(CoreError.CLOSING_FAILED, null,
                    "plugin did not stop within " + timeoutMillis + " ms");
        }
    }

    /** Controller.unavailable: a deactivated plugin is taken out of use until activated again. */
    public void unavailable(String callsign) throws JsonRpcException {
        PluginRecord r = require(callsign);
        synchronized (r.operations) {
            if (r.state(true) != PluginState.DEACTIVATED && r.desired != PluginRecord.Desired.UNAVAILABLE) {
                throw new JsonRpcException(CoreError.ILLEGAL_STATE, null,
                        "only a deactivated plugin can be made unavailable");
            }
            registry.setDesired(r, PluginRecord.Desired.UNAVAILABLE, "Requested");
            registry.announce(r, PluginState.UNAVAILABLE, "Requested");
        }
    }

    /** Controller.configuration@callsign (set): allowed only while the plugin is not active, as in Thunder. */
    public void configure(String callsign, JsonNode configuration) throws JsonRpcException {
        PluginRecord r = require(callsign);
        if (!registry.configureIfInactive(r, configuration)) {
            throw new JsonRpcException(CoreError.GENERAL, null, "deactivate the plugin before changing its configuration");
        }
    }

    /** Whether a bundle that can serve the record is installed (for files: a component with its factory PID). */
    public boolean implementationPresent(PluginRecord r) {
        if (r.served != null || r.builtIn()) {
            return true;
        }
        if (!preconditionsMet(r)) {
            return false; // it cannot come up yet: Thunder shows such a plugin in Precondition
        }
        PluginFile f = r.file;
        if (f == null) {
            return true;
        }
        String pid = JsonRpcPlugin.factoryPid(f.classname());
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            for (String p : d.configurationPid) {
                if (pid.equals(p)) {
                    return true;
                }
            }
        }
        // the bundle the file names is there, but SCR has not read its components yet (the runtime is starting):
        // its plugin is coming, so a call waits for it instead of being refused
        return f.locator() != null && bundleInstalled.test(f.locator());
    }

    /** Deletes factory configurations of plugin files that are no longer there (left from an earlier run). */
    public void deleteStaleConfigurations(Collection<String> liveCallsigns) {
        try {
            Configuration[] all = configAdmin.listConfigurations(
                    "(service.factoryPid=" + JsonRpcPlugin.FACTORY_PID_PREFIX + "*)");
            if (all == null) {
                return;
            }
            for (Configuration c : all) {
                Object callsign = c.getProperties() == null ? null : c.getProperties().get(JsonRpcPlugin.CALLSIGN);
                if (!liveCallsigns.contains(String.valueOf(callsign))) {
                    c.delete();
                }
            }
        } catch (IOException | org.osgi.framework.InvalidSyntaxException e) {
            LOG.warn("Could not clean up old plugin configurations", e);
        }
    }

    private PluginRecord require(String callsign) throws JsonRpcException {
        PluginRecord r = callsign == null ? null : registry.find(callsign);
        if (r == null) {
            throw new JsonRpcException(CoreError.UNKNOWN_KEY, null, "no plugin with callsign '" + callsign + "'");
        }
        if (r.builtIn()) {
            throw new JsonRpcException(CoreError.PRIVILIGED_REQUEST, null, "'" + callsign + "' is built in");
        }
        return r;
    }

    private void writeConfiguration(PluginRecord r) {
        PluginFile f = r.file;
        try {
            Configuration c = configAdmin.getFactoryConfiguration(JsonRpcPlugin.factoryPid(f.classname()),
                    r.callsign(), "?");
            c.updateIfDifferent(f.configProperties(r.configuration));
        } catch (IOException e) {
            LOG.error("Could not write the configuration of {}", r.callsign(), e);
        }
    }

    private void deleteConfiguration(PluginRecord r) {
        PluginFile f = r.file;
        if (f == null) {
            return;
        }
        try {
            Configuration[] found = configAdmin.listConfigurations("(&(service.factoryPid="
                    + JsonRpcPlugin.factoryPid(f.classname()) + ")(" + JsonRpcPlugin.CALLSIGN + "="
                    + ldapEscape(r.callsign()) + "))");
            if (found != null) {
                for (Configuration c : found) {
                    c.delete();
                }
            }
        } catch (IOException | org.osgi.framework.InvalidSyntaxException e) {
            LOG.error("Could not delete the configuration of {}", r.callsign(), e);
        }
    }

    private void setEnabled(PluginRecord r, boolean enabled) throws JsonRpcException {
        Served s = r.served;
        ComponentDescriptionDTO d = s == null || s.bundle() == null || s.componentName() == null ? null
                : scr.getComponentDescriptionDTO(s.bundle(), s.componentName());
        if (d == null) {
            d = r.lastDescription;
        }
        if (d == null) {
            throw new JsonRpcException(CoreError.ILLEGAL_STATE, null,
                    "plugin '" + r.callsign() + "' is not a DS component; it cannot be started or stopped");
        }
        r.lastDescription = d;
        Promise<Void> done = enabled ? scr.enableComponent(d) : scr.disableComponent(d);
        try {
            done.getValue();
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new JsonRpcException(CoreError.GENERAL, null, "component runtime refused: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JsonRpcException(CoreError.ASYNC_ABORTED, null, "interrupted");
        }
    }

    private static String ldapEscape(String value) {
        StringBuilder sb = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            if (c == '\\' || c == '*' || c == '(' || c == ')') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }

    private boolean preconditionsMet(PluginRecord r) {
        PluginFile f = r.file;
        return f == null || f.precondition() == null || conditionsMet.test(f.precondition());
    }
}
