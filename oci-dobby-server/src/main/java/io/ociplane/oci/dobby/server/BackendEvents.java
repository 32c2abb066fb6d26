package io.ociplane.oci.dobby.server;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import io.ociplane.oci.api.ContainerEvent;
import io.ociplane.oci.api.ContainerEventListener;
import io.ociplane.oci.api.ContainerRef;
import io.ociplane.oci.dobby.server.DescriptorTable.Entry;

/**
 * The backing provider's events (the server subscribes on it) as Dobby signals (docs/dobby-dbus.md#signals). They
 * queue behind the call being served,
 * so a Stop's reply goes out before StoppedWithStatus and Stopped, as on the real daemon, and the provider's STARTED
 * for a start we answered (we sent Started before the reply) is dropped.
 */
final class BackendEvents implements ContainerEventListener {

    private static final int SIGKILL = 9;
    private static final int SIGTERM = 15;

    private final DescriptorTable descriptors;
    private final Outbox outbox;
    private final Executor work;
    private final boolean stoppedWithStatus;

    BackendEvents(DescriptorTable descriptors, Outbox outbox, Executor work, boolean stoppedWithStatus) {
        this.descriptors = descriptors;
        this.outbox = outbox;
        this.work = work;
        this.stoppedWithStatus = stoppedWithStatus;
    }

    @Override
    public void containerEvent(ContainerEvent event) {
        try {
            work.execute(() -> handle(event));
        } catch (RejectedExecutionException e) {
            // the service is closing
        }
    }

    private void handle(ContainerEvent event) {
        ContainerRef c = event.container();
        String id = event.id();
        switch (event.type()) {
            case STARTED -> {
                Entry e = descriptors.byBackend(c);
                if (e != null && e.startedEchoPending) {
                    e.startedEchoPending = false;
                } else if ((e = descriptors.entryFor(c)) != null) {
                    outbox.ctrlSignal("Started", "is", e.descriptor, id); // e.g. a restart we did not ask for
                }
            }
            case STOPPED -> {
                Entry e = descriptors.remove(c);
                if (e != null) {
                    if (stoppedWithStatus) {
                        outbox.ctrlSignal("StoppedWithStatus", "isi", e.descriptor, id, status(event, e));
                    }
                    outbox.ctrlSignal("Stopped", "is", e.descriptor, id);
                }
            }
            case HIBERNATED, AWOKEN -> {
                Entry e = descriptors.entryFor(c);
                if (e != null) {
                    outbox.ctrlSignal(event.type() == ContainerEvent.Type.HIBERNATED ? "Hibernated" : "Awoken", "is",
                            e.descriptor, id);
                }
            }
        }
    }

    /** The provider's waitpid status, else what the accepted Stop implies (TERM, or KILL when forced). */
    private static int status(ContainerEvent event, Entry e) {
        if (event.exitStatus() != null) {
            return event.exitStatus();
        }
        if (e.stopForce == null) {
            return 0;
        }
        return e.stopForce ? SIGKILL : SIGTERM;
    }
}
