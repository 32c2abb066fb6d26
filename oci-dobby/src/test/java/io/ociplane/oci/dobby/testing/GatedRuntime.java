package io.ociplane.oci.dobby.testing;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import io.ociplane.oci.api.BundleStart;
import io.ociplane.oci.api.ContainerEventListener;
import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerInfo;
import io.ociplane.oci.api.ContainerRef;
import io.ociplane.oci.api.ContainerRuntime;
import io.ociplane.oci.api.ContainerState;
import io.ociplane.oci.api.InterfaceAddresses;
import io.ociplane.oci.api.MountRequest;
import io.ociplane.oci.api.SpecStart;
import io.ociplane.oci.api.Subscription;

/**
 * A provider that can hang: {@link #state(String)} blocks while the gate is closed, as a daemon stuck in a call.
 * Everything else, events too, goes to the wrapped provider.
 */
public final class GatedRuntime implements ContainerRuntime {

    private final ContainerRuntime inner;
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private volatile CountDownLatch entered = new CountDownLatch(1);

    public GatedRuntime(ContainerRuntime inner) {
        this.inner = inner;
    }

    /** The next state() call blocks until {@link #openGate()}. */
    public void closeGate() {
        entered = new CountDownLatch(1);
        gate = new CountDownLatch(1);
    }

    public void openGate() {
        gate.countDown();
    }

    /** Waits until a call is blocked in the gate. */
    public boolean awaitBlocked(long millis) throws InterruptedException {
        return entered.await(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    @Override
    public ContainerState state(String id) throws ContainerException {
        entered.countDown();
        try {
            gate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerException(ContainerException.Reason.TIMEOUT, "interrupted");
        }
        return inner.state(id);
    }

    @Override
    public String name() {
        return "gated-" + inner.name();
    }

    @Override
    public List<ContainerRef> list() throws ContainerException {
        return inner.list();
    }

    @Override
    public Optional<ContainerRef> find(String id) {
        return inner.find(id);
    }

    @Override
    public ContainerInfo info(String id) throws ContainerException {
        return inner.info(id);
    }

    @Override
    public List<InterfaceAddresses> networkInterfaces(String id) throws ContainerException {
        return inner.networkInterfaces(id);
    }

    @Override
    public ContainerRef startFromBundle(BundleStart start) throws ContainerException {
        return inner.startFromBundle(start);
    }

    @Override
    public ContainerRef startFromSpec(SpecStart start) throws ContainerException {
        return inner.startFromSpec(start);
    }

    @Override
    public void stop(String id, boolean force) throws ContainerException {
        inner.stop(id, force);
    }

    @Override
    public void pause(String id) throws ContainerException {
        inner.pause(id);
    }

    @Override
    public void resume(String id) throws ContainerException {
        inner.resume(id);
    }

    @Override
    public void hibernate(String id, String options) throws ContainerException {
        inner.hibernate(id, options);
    }

    @Override
    public void wakeup(String id) throws ContainerException {
        inner.wakeup(id);
    }

    @Override
    public void exec(String id, String options, String command) throws ContainerException {
        inner.exec(id, options, command);
    }

    @Override
    public void mount(String id, MountRequest mount) throws ContainerException {
        inner.mount(id, mount);
    }

    @Override
    public void unmount(String id, String path) throws ContainerException {
        inner.unmount(id, path);
    }

    @Override
    public void annotate(String id, String key, String value) throws ContainerException {
        inner.annotate(id, key, value);
    }

    @Override
    public void removeAnnotation(String id, String key) throws ContainerException {
        inner.removeAnnotation(id, key);
    }

    @Override
    public Subscription subscribe(ContainerEventListener listener) {
        return inner.subscribe(listener);
    }
}
