package io.ociplane.oci.api.provider;

import java.util.List;
import java.util.Optional;

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
 * A {@link ContainerRuntime} that hands every call to another: the service object of a provider's DS component,
 * which DS registers while the provider is ready, in front of the runtime the provider opened before it said so
 * (docs/providers.md#registration). Opening can fail, and DS registers a component's service before it creates the
 * component, so the runtime is opened first and this is what DS creates.
 */
public abstract class ForwardingRuntime implements ContainerRuntime {

    private final ContainerRuntime runtime;

    protected ForwardingRuntime(ContainerRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public String name() {
        return runtime.name();
    }

    @Override
    public List<ContainerRef> list() throws ContainerException {
        return runtime.list();
    }

    @Override
    public Optional<ContainerRef> find(String id) {
        return runtime.find(id);
    }

    @Override
    public ContainerState state(String id) throws ContainerException {
        return runtime.state(id);
    }

    @Override
    public ContainerInfo info(String id) throws ContainerException {
        return runtime.info(id);
    }

    @Override
    public List<InterfaceAddresses> networkInterfaces(String id) throws ContainerException {
        return runtime.networkInterfaces(id);
    }

    @Override
    public ContainerRef startFromBundle(BundleStart start) throws ContainerException {
        return runtime.startFromBundle(start);
    }

    @Override
    public ContainerRef startFromSpec(SpecStart start) throws ContainerException {
        return runtime.startFromSpec(start);
    }

    @Override
    public void stop(String id, boolean force) throws ContainerException {
        runtime.stop(id, force);
    }

    @Override
    public void pause(String id) throws ContainerException {
        runtime.pause(id);
    }

    @Override
    public void resume(String id) throws ContainerException {
        runtime.resume(id);
    }

    @Override
    public void hibernate(String id, String options) throws ContainerException {
        runtime.hibernate(id, options);
    }

    @Override
    public void wakeup(String id) throws ContainerException {
        runtime.wakeup(id);
    }

    @Override
    public void exec(String id, String options, String command) throws ContainerException {
        runtime.exec(id, options, command);
    }

    @Override
    public void mount(String id, MountRequest mount) throws ContainerException {
        runtime.mount(id, mount);
    }

    @Override
    public void unmount(String id, String path) throws ContainerException {
        runtime.unmount(id, path);
    }

    @Override
    public void annotate(String id, String key, String value) throws ContainerException {
        runtime.annotate(id, key, value);
    }

    @Override
    public void removeAnnotation(String id, String key) throws ContainerException {
        runtime.removeAnnotation(id, key);
    }

    @Override
    public Subscription subscribe(ContainerEventListener listener) {
        return runtime.subscribe(listener);
    }

    @Override
    public String toString() {
        return runtime.toString();
    }
}
