package io.ociplane.oci.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.ociplane.oci.api.BundleStart;
import io.ociplane.oci.api.ContainerEvent;
import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerException.Reason;
import io.ociplane.oci.api.ContainerIds;
import io.ociplane.oci.api.ContainerInfo;
import io.ociplane.oci.api.ContainerListener;
import io.ociplane.oci.api.ContainerRef;
import io.ociplane.oci.api.ContainerRuntime;
import io.ociplane.oci.api.ContainerState;
import io.ociplane.oci.api.MountRequest;
import io.ociplane.oci.api.SpecStart;
import io.ociplane.oci.api.provider.ListenerServices;

/**
 * A container provider that runs nothing: containers are entries in a map with Dobby's descriptor sequence,
 * states and failure rules. For tests of consumers. Unlike real providers it tells listeners synchronously, on
 * the calling thread (Started before a start returns, as Dobby; Stopped before a stop returns). It records every
 * call so tests can check what a consumer asked for.
 */
@Component(property = "service.ranking:Integer=-100")
public class InMemoryRuntime implements ContainerRuntime {

    private static final class Entry {
        final int descriptor;
        final String id;
        ContainerState state = ContainerState.RUNNING;
        final Map<String, String> annotations = new TreeMap<>();
        String infoJson;
        List<Integer> pids = List.of();

        Entry(int descriptor, String id) {
            this.descriptor = descriptor;
            this.id = id;
        }
    }

    private final Map<String, Entry> byId = new java.util.LinkedHashMap<>(); // listed in the order added
    private final List<ContainerListener> listeners = new CopyOnWriteArrayList<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private int lfsr = 0x1bc;

    /** Listener services, each got only for a delivery (see {@link ListenerServices}). */
    private final ListenerServices services = new ListenerServices();

    @Reference(service = ContainerListener.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    void bindListener(ComponentServiceObjects<ContainerListener> l) {
        services.add(l);
    }

    void unbindListener(ComponentServiceObjects<ContainerListener> l) {
        services.remove(l);
    }

    /** Adds a listener directly (tests without a framework). */
    public void addListener(ContainerListener l) {
        listeners.add(l);
    }

    @Override
    public String name() {
        return "memory";
    }

    // ---- test controls ----

    /** Adds a container as if it had been started, with the given descriptor; no event. */
    public synchronized void put(int descriptor, String id, ContainerState state, String infoJson) {
        Entry e = new Entry(descriptor, id);
        e.state = state;
        e.infoJson = infoJson;
        byId.put(id, e);
    }

    /** Gives a container the host pids its info reports (the first is taken as its init process). */
    public synchronized void setPids(String id, List<Integer> pids) {
        byId.get(id).pids = List.copyOf(pids);
    }

    /** The calls made so far, e.g. {@code list}, {@code state 91}. */
    public List<String> calls() {
        return List.copyOf(calls);
    }

    public void clearCalls() {
        calls.clear();
    }

    /** Makes a container exit by itself with the given waitpid status. */
    public void exit(String id, int status) {
        Entry e;
        synchronized (this) {
            e = byId.remove(id);
        }
        if (e != null) {
            fire(ContainerEvent.Type.STOPPED, e, status);
        }
    }

    // ---- ContainerRuntime ----

    @Override
    public synchronized List<ContainerRef> list() {
        calls.add("list");
        List<ContainerRef> out = new ArrayList<>();
        for (Entry e : byId.values()) {
            out.add(new ContainerRef(e.descriptor, e.id));
        }
        return out;
    }

    @Override
    public synchronized ContainerState state(int descriptor) {
        calls.add("state " + descriptor);
        Entry e = find(descriptor);
        return e == null ? ContainerState.INVALID : e.state;
    }

    @Override
    public synchronized ContainerInfo info(int descriptor) throws ContainerException {
        calls.add("info " + descriptor);
        Entry e = require(descriptor);
        String json = e.infoJson != null ? e.infoJson : defaultInfo(e);
        return new ContainerInfo(e.id, e.state, System.nanoTime(), null, null, e.pids, List.of(),
                Map.copyOf(e.annotations), json);
    }

    @Override
    public int startFromBundle(BundleStart start) throws ContainerException {
        calls.add("startFromBundle " + start.id() + " " + start.bundlePath() + " " + start.command() + " "
                + start.westerosSocket());
        ContainerIds.checkAbsolutePath("bundlePath", start.bundlePath());
        return start(start.id());
    }

    @Override
    public int startFromSpec(SpecStart start) throws ContainerException {
        calls.add("startFromSpec " + start.id() + " " + start.specJson() + " " + start.command());
        return start(start.id());
    }

    private int start(String id) throws ContainerException {
        Entry e;
        synchronized (this) {
            ContainerIds.checkId(id);
            if (byId.containsKey(id)) {
                throw new ContainerException(Reason.INVALID_ARGUMENT, "a container with id '" + id + "' exists");
            }
            e = new Entry(nextDescriptor(), id);
            byId.put(id, e);
        }
        fire(ContainerEvent.Type.STARTED, e, null);
        return e.descriptor;
    }

    @Override
    public void stop(int descriptor, boolean force) throws ContainerException {
        calls.add("stop " + descriptor + " " + force);
        Entry e;
        synchronized (this) {
            e = require(descriptor);
            if (e.state == ContainerState.PAUSED && !force) {
                throw new ContainerException(Reason.INVALID_STATE, "a paused container can only be stopped by force");
            }
            byId.remove(e.id);
        }
        fire(ContainerEvent.Type.STOPPED, e, force ? 9 : 15);
    }

    @Override
    public synchronized void pause(int descriptor) throws ContainerException {
        calls.add("pause " + descriptor);
        transition(descriptor, ContainerState.RUNNING, ContainerState.PAUSED);
    }

    @Override
    public synchronized void resume(int descriptor) throws ContainerException {
        calls.add("resume " + descriptor);
        transition(descriptor, ContainerState.PAUSED, ContainerState.RUNNING);
    }

    @Override
    public void hibernate(int descriptor, String options) throws ContainerException {
        calls.add("hibernate " + descriptor + " " + options);
        Entry e;
        synchronized (this) {
            e = require(descriptor);
            transition(descriptor, ContainerState.RUNNING, ContainerState.HIBERNATED);
        }
        fire(ContainerEvent.Type.HIBERNATED, e, null);
    }

    @Override
    public void wakeup(int descriptor) throws ContainerException {
        calls.add("wakeup " + descriptor);
        Entry e;
        synchronized (this) {
            e = require(descriptor);
            transition(descriptor, ContainerState.HIBERNATED, ContainerState.RUNNING);
        }
        fire(ContainerEvent.Type.AWOKEN, e, null);
    }

    @Override
    public synchronized void exec(int descriptor, String options, String command) throws ContainerException {
        calls.add("exec " + descriptor + " [" + options + "] [" + command + "]");
        if (require(descriptor).state != ContainerState.RUNNING) {
            throw new ContainerException(Reason.INVALID_STATE, "exec needs a running container");
        }
    }

    @Override
    public synchronized void mount(int descriptor, MountRequest mount) throws ContainerException {
        calls.add("mount " + descriptor + " " + mount.source() + " " + mount.destination() + " " + mount.flags());
        require(descriptor);
    }

    @Override
    public synchronized void unmount(int descriptor, String path) throws ContainerException {
        calls.add("unmount " + descriptor + " " + path);
        require(descriptor);
    }

    @Override
    public synchronized void annotate(int descriptor, String key, String value) throws ContainerException {
        calls.add("annotate " + descriptor + " " + key + "=" + value);
        require(descriptor).annotations.put(key, value);
    }

    @Override
    public synchronized void removeAnnotation(int descriptor, String key) throws ContainerException {
        calls.add("removeAnnotation " + descriptor + " " + key);
        if (require(descriptor).annotations.remove(key) == null) {
            throw new ContainerException(Reason.NOT_FOUND, "no annotation '" + key + "'");
        }
    }

    // ---- internals ----

    private void transition(int descriptor, ContainerState from, ContainerState to) throws ContainerException {
        Entry e = require(descriptor);
        if (e.state != from) {
            throw new ContainerException(Reason.INVALID_STATE, "container '" + e.id + "' is "
                    + e.state.infoName() + ", not " + from.infoName());
        }
        e.state = to;
    }

    private Entry find(int descriptor) {
        for (Entry e : byId.values()) {
            if (e.descriptor == descriptor) {
                return e;
            }
        }
        return null;
    }

    private Entry require(int descriptor) throws ContainerException {
        Entry e = find(descriptor);
        if (e == null) {
            throw new ContainerException(Reason.NOT_FOUND, "no container with descriptor " + descriptor);
        }
        return e;
    }

    /** Dobby's 10-bit LFSR (docs/dobby-dbus.md#descriptors): 734, 879, 439, ... skipping values in use. */
    private int nextDescriptor() throws ContainerException {
        for (int tries = 0; tries < 1023; tries++) {
            int bit = (lfsr ^ (lfsr >> 3)) & 1;
            lfsr = (lfsr >> 1) | (bit << 9);
            if (find(lfsr) == null) {
                return lfsr;
            }
        }
        throw new ContainerException(Reason.PROVIDER_ERROR, "all 1023 descriptors are in use");
    }

    private void fire(ContainerEvent.Type type, Entry e, Integer status) {
        ContainerEvent event = new ContainerEvent(type, e.descriptor, e.id, status, this);
        for (ContainerListener l : listeners) {
            l.containerEvent(event);
        }
        services.containerEvent(event);
    }

    private static String defaultInfo(Entry e) {
        StringBuilder annotations = new StringBuilder();
        for (Map.Entry<String, String> a : e.annotations.entrySet()) {
            annotations.append(annotations.length() == 0 ? "" : ",").append('"').append(a.getKey()).append("\":\"")
                    .append(a.getValue()).append('"');
        }
        return (e.annotations.isEmpty() ? "{" : "{\"annotations\":{" + annotations + "},")
                + "\"cpu\":{\"usage\":{\"percpu\":[0],\"total\":0}},\"id\":\"" + e.id + "\","
                + "\"memory\":{\"user\":{\"failcnt\":0,\"limit\":-1,\"max\":0,\"usage\":0}},\"pids\":[],"
                + "\"processes\":[],\"state\":\"" + e.state.infoName() + "\",\"timestamp\":" + System.nanoTime() + "}";
    }
}
