package io.ociplane.oci.dobby.server;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.ociplane.oci.api.BundleStart;
import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerRef;
import io.ociplane.oci.api.ContainerRuntime;
import io.ociplane.oci.api.SpecStart;
import io.ociplane.oci.dobby.server.DescriptorTable.Entry;

/**
 * The start methods on the work thread (docs/dobby-dbus.md#methods, #lifecycle): a duplicate id fails before a
 * descriptor is taken; then a descriptor is taken, the provider starts the container, Started is sent and only then the
 * reply. Arguments: id, path or spec, files, then optionally command, display socket, env, then uid, gid.
 */
final class Starts {

    private static final Logger LOG = LoggerFactory.getLogger(Starts.class);

    private final ContainerRuntime backend;
    private final DescriptorTable descriptors;
    private final Outbox outbox;

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
        return start(start.id(), () -> backend.startFromBundle(start));
    }

    int fromSpec(DobbyArguments a) {
        SpecStart start = new SpecStart(a.string(0), a.string(1), optional(a, 3), optional(a, 4), env(a));
        return start(start.id(), () -> backend.startFromSpec(start));
    }

    private interface Launch {
        ContainerRef run() throws ContainerException;
    }

    private int start(String id, Launch launch) {
        if (backend.find(id).isPresent()) {
            return -1;
        }
        int descriptor = descriptors.allocate();
        if (descriptor < 0) {
            return -1;
        }
        try {
            Entry entry = descriptors.bind(descriptor, launch.run());
            entry.startedEchoPending = true;
            outbox.ctrlSignal("Started", "is", descriptor, id);
            return descriptor;
        } catch (ContainerException | RuntimeException e) {
            LOG.debug("start of {} refused: {}", id, e.getMessage());
            descriptors.release(descriptor);
            return -1;
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
