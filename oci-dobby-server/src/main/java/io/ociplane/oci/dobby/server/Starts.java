package io.ociplane.oci.dobby.server;

import java.util.List;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.ociplane.oci.api.BundleStart;
import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerRef;
import io.ociplane.oci.api.ContainerRuntime;
import io.ociplane.oci.api.SpecStart;
import io.ociplane.oci.dobby.server.DescriptorTable.Entry;
import io.ociplane.oci.dobby.spec.BundleConfig;

/**
 * The start methods on the work thread (docs/dobby-dbus.md#methods, #lifecycle): a duplicate id fails before a
 * descriptor is taken; then a descriptor is taken, the provider starts the container, Started is sent and only then the
 * reply. A start the provider refuses as a bad request (a spec or bundle that does not read: INVALID_ARGUMENT) gives
 * its descriptor's step back, since Dobby refuses those before it creates the container (#descriptors). Arguments:
 * id, path or spec, files, then optionally command, display socket, env, then uid, gid.
 */
final class Starts {

    private static final Logger LOG = LoggerFactory.getLogger(Starts.class);
    /** The longest spec or bundle config kept for debug1: real ones are a few KiB; 1023 of 1 MiB would not fit. */
    private static final int MAX_KEPT_TEXT = 64 * 1024;

    private final ContainerRuntime backend;
    private final DescriptorTable descriptors;
    private final Outbox outbox;
    private final ObjectMapper mapper = new ObjectMapper();

    Starts(ContainerRuntime backend, DescriptorTable descriptors, Outbox outbox) {
        this.backend = backend;
        this.descriptors = descriptors;
        this.outbox = outbox;
    }

    int fromBundle(DobbyArguments a) {
        Integer uid = null;
        Integer gid = null;
        if (a.count() == 8 && a.uint32(6) > 0 && a.uint32(7) > 0) { // Dobby maps ids only when both are > 0
            if (a.uint32(6) > Integer.MAX_VALUE || a.uint32(7) > Integer.MAX_VALUE) {
                return -1;
            }
            uid = (int) a.uint32(6);
            gid = (int) a.uint32(7);
        }
        BundleStart start = new BundleStart(a.string(0), a.string(1), optional(a, 3), optional(a, 4), env(a), uid, gid);
        return start(start.id(), () -> backend.startFromBundle(start), entry -> {
            BundleConfig config = configOf(start.bundlePath()); // what GetOCIConfig shows, and whether it has plugins
            entry.ociConfig = config == null || config.text().length() > MAX_KEPT_TEXT ? "" : config.text();
            entry.hasRdkPlugins = config != null && config.hasRdkPlugins();
        });
    }

    int fromSpec(DobbyArguments a) {
        SpecStart start = new SpecStart(a.string(0), a.string(1), optional(a, 3), optional(a, 4), env(a));
        return start(start.id(), () -> backend.startFromSpec(start),
                entry -> entry.spec = start.specJson().length() > MAX_KEPT_TEXT ? null : start.specJson());
    }

    private interface Launch {
        ContainerRef run() throws ContainerException;
    }

    private int start(String id, Launch launch, Consumer<Entry> describe) {
        if (backend.find(id).isPresent()) {
            return -1;
        }
        int descriptor = descriptors.allocate();
        if (descriptor < 0) {
            return -1;
        }
        ContainerRef started;
        try {
            started = launch.run();
        } catch (ContainerException e) {
            LOG.debug("start of {} refused: {}", id, e.getMessage());
            if (e.reason() == ContainerException.Reason.INVALID_ARGUMENT) {
                descriptors.takeBack(descriptor);
            } else {
                descriptors.release(descriptor);
            }
            return -1;
        } catch (RuntimeException e) {
            LOG.warn("start of {} failed", id, e);
            descriptors.release(descriptor);
            return -1;
        }
        Entry entry = descriptors.bind(descriptor, started);
        describe.accept(entry);
        entry.startedEchoPending = true;
        outbox.ctrlSignal("Started", "is", descriptor, id);
        return descriptor;
    }

    /** The bundle's config as the provider was given it, or null where it cannot be read here. */
    private BundleConfig configOf(String bundlePath) {
        try {
            return BundleConfig.read(mapper, bundlePath);
        } catch (ContainerException e) {
            LOG.debug("bundle config of {} not read: {}", bundlePath, e.getMessage());
            return null;
        }
    }

    /** An optional string argument; empty means not given. */
    private static String optional(DobbyArguments a, int index) {
        return a.count() > index && !a.string(index).isEmpty() ? a.string(index) : null;
    }

    private static List<String> env(DobbyArguments a) {
        return a.count() > 5 ? a.strings(5) : List.of();
    }
}
