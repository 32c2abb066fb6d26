package io.ociplane.oci.memory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

import org.osgi.service.component.annotations.Component;

import io.ociplane.oci.api.BundleStart;
import io.ociplane.oci.api.ContainerEvent;
import io.ociplane.oci.api.ContainerEventListener;
import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerException.Reason;
import io.ociplane.oci.api.ContainerIds;
import io.ociplane.oci.api.ContainerInfo;
import io.ociplane.oci.api.ContainerRef;
import io.ociplane.oci.api.ContainerRuntime;
import io.ociplane.oci.api.ContainerState;
import io.ociplane.oci.api.InterfaceAddresses;
import io.ociplane.oci.api.MountRequest;
import io.ociplane.oci.api.SpecStart;
import io.ociplane.oci.api.Subscription;
import io.ociplane.oci.api.provider.DescriptorSequence;
import io.ociplane.oci.api.provider.Subscribers;

/**
 * A container provider that runs nothing: containers are entries in a map with Dobby's descriptor sequence
 * (docs/dobby-dbus.md#descriptors), states and failure rules, listed in the order they were added, with fixed figures
 * (no CPU or memory used, the loopback interface only) unless a test sets others. For tests of consumers. Unlike
 * real providers it tells subscribers synchronously, on the calling thread (Started before a start returns,
 * Stopped before a stop returns), unless a test gives it a thread for them ({@link #deliverEventsOn}). It records
 * every call so tests can check what a consumer asked for.
 */
@Component(property = "service.ranking:Integer=-100")
public class InMemoryRuntime implements ContainerRuntime {

    /** The interfaces every container reports: the loopback device, as in a private network namespace. */
    public static final List<InterfaceAddresses> NETWORKS = List.of(new InterfaceAddresses("lo",
            List.of("127.0.0.1", "::1")));

    private static final class Entry {
        final ContainerRef ref;
        ContainerState state = ContainerState.RUNNING;
        final Map<String, String> annotations = new TreeMap<>();
        ContainerInfo info; // a test's own, else the fixed figures
        List<Integer> pids = List.of();

        Entry(int descriptor, String id) {
            this.ref = new ContainerRef(descriptor, id);
        }
    }

    private final Map<String, Entry> byId = new LinkedHashMap<>(); // listed in the order added
    private final Subscribers subscribers = new Subscribers();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final String name;
    private volatile Executor eventThread = Runnable::run;
    private final DescriptorSequence descriptors = new DescriptorSequence();

    public InMemoryRuntime() {
        this("memory");
    }

    /** A provider with another name (tests with several providers tell them apart by name). */
    public InMemoryRuntime(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    // ---- test controls ----

    /** Adds a container as if it had been started, with the given descriptor; no event. */
    public synchronized void put(int descriptor, String id, ContainerState state) {
        Entry e = new Entry(descriptor, id);
        e.state = state;
        byId.put(id, e);
    }

    /** Gives a container the info {@link #info} returns instead of the fixed figures. */
    public synchronized void setInfo(String id, ContainerInfo info) {
        byId.get(id).info = info;
    }

    /** Gives a container the host pids its info reports (the first is taken as its init process). */
    public synchronized void setPids(String id, List<Integer> pids) {
        byId.get(id).pids = List.copyOf(pids);
    }

    /** Delivers events on {@code thread} from now on, as real providers do on a thread of their own. */
    public void deliverEventsOn(Executor thread) {
        eventThread = thread;
    }

    /** The calls made so far, e.g. {@code list}, {@code state web}. */
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
            out.add(e.ref);
        }
        return out;
    }

    @Override
    public synchronized Optional<ContainerRef> find(String id) {
        calls.add("find " + id);
        Entry e = byId.get(id);
        return e == null ? Optional.empty() : Optional.of(e.ref);
    }

    @Override
    public synchronized ContainerState state(String id) throws ContainerException {
        calls.add("state " + id);
        return require(id).state;
    }

    @Override
    public synchronized ContainerInfo info(String id) throws ContainerException {
        calls.add("info " + id);
        Entry e = require(id);
        if (e.info != null) {
            return e.info;
        }
        return new ContainerInfo(id, e.state, System.nanoTime(), new ContainerInfo.CpuUsage(0L, List.of(0L)),
                new ContainerInfo.MemoryUsage(-1L, 0L, 0L, 0L, 0L, 0L), e.pids, List.of(), e.annotations);
    }

    @Override
    public synchronized List<InterfaceAddresses> networkInterfaces(String id) throws ContainerException {
        calls.add("networks " + id);
        require(id);
        return NETWORKS;
    }

    @Override
    public ContainerRef startFromBundle(BundleStart start) throws ContainerException {
        calls.add("startFromBundle " + start.id() + " " + start.bundlePath() + " " + start.command() + " "
                + start.westerosSocket());
        ContainerIds.checkAbsolutePath("bundlePath", start.bundlePath());
        return start(start.id());
    }

    @Override
    public ContainerRef startFromSpec(SpecStart start) throws ContainerException {
        calls.add("startFromSpec " + start.id() + " " + start.specJson() + " " + start.command());
        return start(start.id());
    }

    private ContainerRef start(String id) throws ContainerException {
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
        return e.ref;
    }

    @Override
    public void stop(String id, boolean force) throws ContainerException {
        calls.add("stop " + id + " " + force);
        Entry e;
        synchronized (this) {
            e = require(id);
            if (e.state == ContainerState.PAUSED && !force) {
                throw new ContainerException(Reason.INVALID_STATE, "a paused container can only be stopped by force");
            }
            byId.remove(id);
        }
        fire(ContainerEvent.Type.STOPPED, e, force ? 9 : 15);
    }

    @Override
    public synchronized void pause(String id) throws ContainerException {
        calls.add("pause " + id);
        transition(id, ContainerState.RUNNING, ContainerState.PAUSED);
    }

    @Override
    public synchronized void resume(String id) throws ContainerException {
        calls.add("resume " + id);
        transition(id, ContainerState.PAUSED, ContainerState.RUNNING);
    }

    @Override
    public void hibernate(String id, String options) throws ContainerException {
        calls.add("hibernate " + id + " " + options);
        Entry e;
        synchronized (this) {
            e = transition(id, ContainerState.RUNNING, ContainerState.HIBERNATED);
        }
        fire(ContainerEvent.Type.HIBERNATED, e, null);
    }

    @Override
    public void wakeup(String id) throws ContainerException {
        calls.add("wakeup " + id);
        Entry e;
        synchronized (this) {
            e = transition(id, ContainerState.HIBERNATED, ContainerState.RUNNING);
        }
        fire(ContainerEvent.Type.AWOKEN, e, null);
    }

    @Override
    public synchronized void exec(String id, String options, String command) throws ContainerException {
        calls.add("exec " + id + " [" + options + "] [" + command + "]");
        if (require(id).state != ContainerState.RUNNING) {
            throw new ContainerException(Reason.INVALID_STATE, "exec needs a running container");
        }
    }

    @Override
    public synchronized void mount(String id, MountRequest mount) throws ContainerException {
        calls.add("mount " + id + " " + mount.source() + " " + mount.destination() + " " + mount.flags());
        require(id);
    }

    @Override
    public synchronized void unmount(String id, String path) throws ContainerException {
        calls.add("unmount " + id + " " + path);
        require(id);
    }

    @Override
    public synchronized void annotate(String id, String key, String value) throws ContainerException {
        calls.add("annotate " + id + " " + key + "=" + value);
        require(id).annotations.put(key, value);
    }

    @Override
    public synchronized void removeAnnotation(String id, String key) throws ContainerException {
        calls.add("removeAnnotation " + id + " " + key);
        if (require(id).annotations.remove(key) == null) {
            throw new ContainerException(Reason.NOT_FOUND, "no annotation '" + key + "'");
        }
    }

    @Override
    public Subscription subscribe(ContainerEventListener listener) {
        return subscribers.subscribe(listener);
    }

    // ---- internals ----

    private Entry transition(String id, ContainerState from, ContainerState to) throws ContainerException {
        Entry e = require(id);
        if (e.state != from) {
            throw new ContainerException(Reason.INVALID_STATE, "container '" + id + "' is "
                    + e.state.lowerCase() + ", not " + from.lowerCase());
        }
        e.state = to;
        return e;
    }

    private Entry require(String id) throws ContainerException {
        Entry e = byId.get(id);
        if (e == null) {
            throw new ContainerException(Reason.NOT_FOUND, "no container '" + ContainerIds.shorten(id) + "'");
        }
        return e;
    }

    /** The next free descriptor of Dobby's sequence. */
    private int nextDescriptor() throws ContainerException {
        int descriptor = descriptors.next(this::inUse);
        if (descriptor < 0) {
            throw new ContainerException(Reason.PROVIDER_ERROR, "all 1023 descriptors are in use");
        }
        return descriptor;
    }

    private boolean inUse(int descriptor) {
        return byId.values().stream().anyMatch(e -> e.ref.descriptor() == descriptor);
    }

    private void fire(ContainerEvent.Type type, Entry e, Integer status) {
        ContainerEvent event = new ContainerEvent(type, e.ref, status);
        eventThread.execute(() -> subscribers.deliver(event));
    }
}
