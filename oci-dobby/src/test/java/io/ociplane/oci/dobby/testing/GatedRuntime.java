package io.ociplane.oci.dobby.testing;

import java.util.List;
import java.util.concurrent.CountDownLatch;

import io.ociplane.oci.api.BundleStart;
import io.ociplane.oci.api.ContainerEvent;
import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerInfo;
import io.ociplane.oci.api.ContainerListener;
import io.ociplane.oci.api.ContainerRef;
import io.ociplane.oci.api.ContainerRuntime;
import io.ociplane.oci.api.ContainerState;
import io.ociplane.oci.api.MountRequest;
import io.ociplane.oci.api.SpecStart;

/**
 * A provider that can hang: {@link #state(int)} blocks while the gate is closed, as a daemon stuck in a call.
 * Everything else goes to the wrapped provider, whose events are passed on as this provider's.
 */
public final class GatedRuntime implements ContainerRuntime {

    private final ContainerRuntime inner;
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private volatile CountDownLatch entered = new CountDownLatch(1);

    public GatedRuntime(ContainerRuntime inner) {
        this.inner = inner;
    }

    /** A listener for the inner provider's events that hands them on with this provider as their source. */
    public ContainerListener relayTo(ContainerListener target) {
        return e -> target.containerEvent(new ContainerEvent(e.type(), e.descriptor(), e.id(), e.exitStatus(), this));
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
    public ContainerState state(int descriptor) throws ContainerException {
        entered.countDown();
        try {
            gate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerException(ContainerException.Reason.TIMEOUT, "interrupted");
        }
        return inner.state(descriptor);
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
    public ContainerInfo info(int descriptor) throws ContainerException {
        return inner.info(descriptor);
    }

    @Override
    public int startFromBundle(BundleStart start) throws ContainerException {
        return inner.startFromBundle(start);
    }

    @Override
    public int startFromSpec(SpecStart start) throws ContainerException {
        return inner.startFromSpec(start);
    }

    @Override
    public void stop(int descriptor, boolean force) throws ContainerException {
        inner.stop(descriptor, force);
    }

    @Override
    public void pause(int descriptor) throws ContainerException {
        inner.pause(descriptor);
    }

    @Override
    public void resume(int descriptor) throws ContainerException {
        inner.resume(descriptor);
    }

    @Override
    public void hibernate(int descriptor, String options) throws ContainerException {
        inner.hibernate(descriptor, options);
    }

    @Override
    public void wakeup(int descriptor) throws ContainerException {
        inner.wakeup(descriptor);
    }

    @Override
    public void exec(int descriptor, String options, String command) throws ContainerException {
        inner.exec(descriptor, options, command);
    }

    @Override
    public void mount(int descriptor, MountRequest mount) throws ContainerException {
        inner.mount(descriptor, mount);
    }

    @Override
    public void unmount(int descriptor, String path) throws ContainerException {
        inner.unmount(descriptor, path);
    }

    @Override
    public void annotate(int descriptor, String key, String value) throws ContainerException {
        inner.annotate(descriptor, key, value);
    }

    @Override
    public void removeAnnotation(int descriptor, String key) throws ContainerException {
        inner.removeAnnotation(descriptor, key);
    }
}
