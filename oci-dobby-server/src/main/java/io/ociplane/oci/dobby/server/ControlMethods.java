package io.ociplane.oci.dobby.server;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;

import org.freedesktop.dbus.messages.MethodCall;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerIds;
import io.ociplane.oci.api.ContainerInfo;
import io.ociplane.oci.api.ContainerRef;
import io.ociplane.oci.api.ContainerRuntime;
import io.ociplane.oci.api.ContainerState;
import io.ociplane.oci.api.MountRequest;
import io.ociplane.oci.dobby.bus.BusPeer;
import io.ociplane.oci.dobby.bus.DobbyNames;
import io.ociplane.oci.dobby.bus.DobbyStates;
import io.ociplane.oci.dobby.server.DescriptorTable.Entry;

/**
 * {@code ctrl1} over the backing provider (docs/dobby-dbus.md#methods, #dispatch). A call whose arguments do not parse,
 * or a start with an invalid id, is answered at once with the failure value; everything else runs on the one work
 * thread, one call at a time in arrival order, as on Dobby's work queue.
 */
final class ControlMethods {

    /** An operation on a known container; throwing means the reply is false. */
    private interface ContainerOp {
        void run(Entry container, DobbyArguments args) throws ContainerException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(ControlMethods.class);
    private static final Set<String> SPEC_SIGNATURES = Set.of("ssah", "ssahssas");
    private static final Set<String> BUNDLE_SIGNATURES = Set.of("ssah", "ssahssas", "ssahssasuu");

    private final ContainerRuntime backend;
    private final DescriptorTable descriptors;
    private final Outbox outbox;
    private final Executor work;
    private final DobbyServerConfig config;
    private final DobbyNames names;
    private final Starts starts;
    private final GetInfoText infoText = new GetInfoText();

    ControlMethods(ContainerRuntime backend, DescriptorTable descriptors, Outbox outbox, Executor work,
            DobbyServerConfig config, DobbyNames names) {
        this.backend = backend;
        this.descriptors = descriptors;
        this.outbox = outbox;
        this.work = work;
        this.config = config;
        this.names = names;
        this.starts = new Starts(backend, descriptors, outbox);
    }

    void register(MethodTable table) {
        String ctrl = names.ctrl();
        boolean bundleStarts = !config.prodBuild();
        if (config.legacyComponents()) {
            table.add(ctrl, "StartFromSpec", start(true));
            table.add(ctrl, "Start", start(true));
        } else if (bundleStarts) {
            table.add(ctrl, "Start", start(false));
        }
        if (bundleStarts) {
            table.add(ctrl, "StartFromBundle", start(false));
        }
        table.add(ctrl, "Stop", onContainer("ib", this::stop));
        table.add(ctrl, "Pause", onContainer("i", (c, a) -> backend.pause(c.id)));
        table.add(ctrl, "Resume", onContainer("i", (c, a) -> backend.resume(c.id)));
        table.add(ctrl, "Hibernate", onContainer("is", (c, a) -> backend.hibernate(c.id, a.string(1))));
        table.add(ctrl, "Wakeup", onContainer("i", (c, a) -> backend.wakeup(c.id)));
        table.add(ctrl, "Mount", onContainer("issass", this::mount));
        table.add(ctrl, "Unmount", onContainer("is", (c, a) -> backend.unmount(c.id, a.string(1))));
        table.add(ctrl, "Annotate", onContainer("iss",
                (c, a) -> backend.annotate(c.id, a.string(1), a.string(2))));
        table.add(ctrl, "RemoveAnnotation", onContainer("is",
                (c, a) -> backend.removeAnnotation(c.id, a.string(1))));
        table.add(ctrl, "Exec", onContainer("iss", this::exec));
        table.add(ctrl, "GetState", (peer, call, args) -> {
            if (!args.is("i")) {
                outbox.reply(peer, call, "i", -1);
            } else {
                queue(peer, call, () -> outbox.reply(peer, call, "i", state(args.int32(0))));
            }
        });
        table.add(ctrl, "GetInfo", (peer, call, args) -> {
            if (!args.is("i")) {
                // Dobby's { "" } reply picks bool (docs/dobby-dbus.md#failure-values)
                outbox.reply(peer, call, "b", true);
            } else {
                queue(peer, call, () -> outbox.reply(peer, call, "s", info(args.int32(0))));
            }
        });
        table.add(ctrl, "List", (peer, call, args) -> queue(peer, call, () -> list(peer, call)));
    }

    private MethodTable.Handler start(boolean fromSpec) {
        Set<String> signatures = fromSpec ? SPEC_SIGNATURES : BUNDLE_SIGNATURES;
        return (peer, call, args) -> {
            if (!signatures.contains(args.signature()) || !ContainerIds.isValidId(args.string(0))) {
                outbox.reply(peer, call, "i", -1);
                return;
            }
            queue(peer, call, () -> {
                int descriptor = fromSpec ? starts.fromSpec(args) : starts.fromBundle(args);
                outbox.reply(peer, call, "i", descriptor); // after Started, as Dobby does
            });
        };
    }

    private MethodTable.Handler onContainer(String signature, ContainerOp op) {
        return (peer, call, args) -> {
            if (!args.is(signature)) {
                outbox.reply(peer, call, "b", false);
                return;
            }
            queue(peer, call, () -> outbox.reply(peer, call, "b", run(call.getName(), args, op)));
        };
    }

    private boolean run(String method, DobbyArguments args, ContainerOp op) {
        Entry container = live(args.int32(0));
        if (container == null) {
            return false;
        }
        try {
            op.run(container, args);
            return true;
        } catch (ContainerException | RuntimeException e) {
            LOG.debug("{} on {} refused: {}", method, container.id, e.getMessage());
            return false;
        }
    }

    /** Dobby cannot signal a frozen container: Stop of a paused one without prejudice is refused, whatever backs us. */
    private void stop(Entry c, DobbyArguments a) throws ContainerException {
        boolean force = a.bool(1);
        if (!force && backend.state(c.id) == ContainerState.PAUSED) {
            throw new ContainerException(ContainerException.Reason.INVALID_STATE, "paused: only a forced stop");
        }
        backend.stop(c.id, force);
        c.stopForce = force;
    }

    private void mount(Entry c, DobbyArguments a) throws ContainerException {
        List<String> flags = a.strings(3);
        if (!flags.contains("bind") && !flags.contains("rbind")) {
            throw new ContainerException(ContainerException.Reason.INVALID_ARGUMENT, "Dobby mounts need bind or rbind");
        }
        backend.mount(c.id, new MountRequest(a.string(1), a.string(2), flags, a.string(4)));
    }

    private void exec(Entry c, DobbyArguments a) throws ContainerException {
        if (config.prodBuild()) {
            throw new ContainerException(ContainerException.Reason.UNSUPPORTED, "Exec is off in production builds");
        }
        backend.exec(c.id, a.string(1), a.string(2));
    }

    private int state(int descriptor) {
        Entry container = live(descriptor);
        try {
            return container == null ? 0 : DobbyStates.code(backend.state(container.id));
        } catch (ContainerException | RuntimeException e) {
            return 0; // as for an unknown descriptor
        }
    }

    private String info(int descriptor) {
        Entry container = live(descriptor);
        try {
            ContainerInfo info = container == null ? null : backend.info(container.id);
            return info == null ? "" : infoText.of(info);
        } catch (ContainerException | RuntimeException e) {
            LOG.debug("GetInfo of {} failed: {}", descriptor, e.getMessage());
            return "";
        }
    }

    /**
     * The container of a descriptor, if the provider still has it: an id that ended and was started again is
     * another container, which the old descriptor does not reach.
     */
    private Entry live(int descriptor) {
        Entry e = descriptors.byDescriptor(descriptor);
        return e != null && backend.find(e.id).filter(e.backend::equals).isPresent() ? e : null;
    }

    /** Two parallel arrays sorted by id (byte order; ids are ASCII), as Dobby's std::map gives them. */
    private void list(BusPeer peer, MethodCall call) {
        List<ContainerRef> refs;
        try {
            refs = backend.list();
        } catch (ContainerException | RuntimeException e) {
            LOG.debug("list failed: {}", e.getMessage());
            refs = List.of();
        }
        List<Entry> entries = new ArrayList<>();
        Set<ContainerRef> listed = new HashSet<>();
        for (ContainerRef ref : refs) {
            Entry e = descriptors.entryFor(ref);
            if (e != null) {
                entries.add(e);
                listed.add(ref);
            }
        }
        descriptors.retainOnly(listed);
        entries.sort(Comparator.comparing(e -> e.id));
        int[] cds = entries.stream().mapToInt(e -> e.descriptor).toArray();
        List<String> ids = entries.stream().map(e -> e.id).toList();
        outbox.reply(peer, call, "aias", cds, ids);
    }

    private void queue(BusPeer peer, MethodCall call, Runnable task) {
        work.execute(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("{} failed", call.getName(), e);
            }
        });
    }
}
