package io.ociplane.oci.dobby.client;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import io.ociplane.oci.api.ContainerRef;

/**
 * The daemon's containers as this client knows them, id to descriptor: filled by one {@code List} when a daemon is
 * ready, then kept by its signals (Started, StoppedWithStatus/Stopped; docs/dobby-dbus.md#signals) and by the
 * answers to this client's own starts. A start's answer may be read after the signal of the container's end
 * (they come on different threads), so the end of each container is remembered for a while and such an answer
 * is not taken in. Shared by the control thread and callers.
 */
final class KnownContainers {

    private static final int ENDS_REMEMBERED = 256;

    private final Map<String, Integer> byId = new TreeMap<>(); // ids are ASCII: Dobby's byte order
    private final Set<ContainerRef> ended = new LinkedHashSet<>();
    /** What readers see, made again on each change (rare: starts and ends), so that they take no lock. */
    private volatile Map<String, Integer> byIdNow = Map.of();
    private volatile List<ContainerRef> listed = List.of();

    /** What a {@code List} of a new daemon said: nothing from before counts. */
    synchronized void replaceAll(List<ContainerRef> refs) {
        byId.clear();
        ended.clear();
        refs.forEach(r -> byId.put(r.id(), r.descriptor()));
        relist();
    }

    /** The daemon left: it knew nothing of the next one's containers. */
    synchronized void clear() {
        replaceAll(List.of());
    }

    /** The daemon signalled a start (also a restart after a crash, with the same descriptor). */
    synchronized void started(ContainerRef ref) {
        ended.remove(ref);
        put(ref);
    }

    /** This client's start was answered with the container's descriptor. */
    synchronized void startedHere(ContainerRef ref) {
        if (!ended.contains(ref)) {
            put(ref);
        }
    }

    /** The daemon signalled a container's end; a newer container of the same id stays. */
    synchronized void stopped(ContainerRef ref) {
        if (Integer.valueOf(ref.descriptor()).equals(byId.get(ref.id()))) {
            byId.remove(ref.id());
            relist();
        }
        ended.add(ref);
        if (ended.size() > ENDS_REMEMBERED) {
            Iterator<ContainerRef> oldest = ended.iterator();
            oldest.next();
            oldest.remove();
        }
    }

    Optional<ContainerRef> find(String id) {
        Integer descriptor = id == null ? null : byIdNow.get(id);
        return descriptor == null ? Optional.empty() : Optional.of(new ContainerRef(descriptor, id));
    }

    /** Sorted by id; an immutable list. */
    List<ContainerRef> list() {
        return listed;
    }

    private void put(ContainerRef ref) {
        if (!Integer.valueOf(ref.descriptor()).equals(byId.put(ref.id(), ref.descriptor()))) {
            relist();
        }
    }

    private void relist() {
        List<ContainerRef> out = new ArrayList<>();
        byId.forEach((id, descriptor) -> out.add(new ContainerRef(descriptor, id)));
        byIdNow = Map.copyOf(byId);
        listed = List.copyOf(out);
    }
}
