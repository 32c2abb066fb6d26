package io.ociplane.oci.api.consumer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.ociplane.oci.api.BundleStart;
import io.ociplane.oci.api.ContainerEvent;
import io.ociplane.oci.api.ContainerEventListener;
import io.ociplane.oci.api.ContainerInfo;
import io.ociplane.oci.api.ContainerRef;
import io.ociplane.oci.api.ContainerRuntime;
import io.ociplane.oci.api.ContainerState;
import io.ociplane.oci.api.InterfaceAddresses;
import io.ociplane.oci.api.MountRequest;
import io.ociplane.oci.api.SpecStart;
import io.ociplane.oci.api.Subscription;
import io.ociplane.oci.api.provider.Subscribers;

/**
 * A provider with containers the test puts in, and events the test fires, for {@link ProvidersTest} (oci-api
 * cannot use the in-memory provider, which depends on it). Only what the holder uses works: list, find, subscribe.
 */
final class TestRuntime implements ContainerRuntime {

    private final String name;
    private final Map<String, ContainerRef> containers = new TreeMap<>();
    final Subscribers subscribers = new Subscribers();

    TestRuntime(String name) {
        this.name = name;
    }

    synchronized TestRuntime with(int descriptor, String id) {
        containers.put(id, new ContainerRef(descriptor, id));
        return this;
    }

    void fire(ContainerEvent.Type type, String id) {
        subscribers.deliver(new ContainerEvent(type, new ContainerRef(1, id), null));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized List<ContainerRef> list() {
        return new ArrayList<>(containers.values());
    }

    @Override
    public synchronized Optional<ContainerRef> find(String id) {
        return Optional.ofNullable(containers.get(id));
    }

    @Override
    public Subscription subscribe(ContainerEventListener listener) {
        return subscribers.subscribe(listener);
    }

    @Override
    public String toString() {
        return name;
    }

    // ---- not used by the holder ----

    @Override
    public ContainerState state(String id) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ContainerInfo info(String id) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<InterfaceAddresses> networkInterfaces(String id) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ContainerRef startFromBundle(BundleStart start) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ContainerRef startFromSpec(SpecStart start) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void stop(String id, boolean force) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void pause(String id) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void resume(String id) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void hibernate(String id, String options) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void wakeup(String id) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void exec(String id, String options, String command) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void mount(String id, MountRequest mount) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void unmount(String id, String path) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void annotate(String id, String key, String value) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void removeAnnotation(String id, String key) {
        throw new UnsupportedOperationException();
    }
}
