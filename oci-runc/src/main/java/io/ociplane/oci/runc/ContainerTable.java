package io.ociplane.oci.runc;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerException.Reason;
import io.ociplane.oci.api.ContainerIds;
import io.ociplane.oci.api.ContainerRef;
import io.ociplane.oci.api.provider.DescriptorSequence;

/**
 * The containers the provider knows, as Dobby's container map: an id is reserved when a start begins (so a
 * duplicate is refused at once), gets a descriptor once its bundle or spec has been read (every allocation steps
 * the sequence, even for a start that then fails), and becomes visible when it runs.
 */
final class ContainerTable {

    private final DescriptorSequence descriptors = new DescriptorSequence();
    private final Set<String> reserved = new HashSet<>();
    private final Set<Integer> inUse = new HashSet<>();
    private final TreeMap<String, RuncContainer> visible = new TreeMap<>();
    /** What readers see, made again on each change (rare: starts and ends), so that they take no lock. */
    private volatile Map<String, RuncContainer> visibleNow = Map.of();
    private volatile List<ContainerRef> listed = List.of();

    synchronized void reserve(String id) throws ContainerException {
        if (!reserved.add(id)) {
            throw new ContainerException(Reason.INVALID_ARGUMENT, "a container with id '" + id + "' already exists");
        }
    }

    /** Frees the id of a start that failed before it ran; never the id of a visible container. */
    synchronized void unreserve(String id) {
        if (!visible.containsKey(id)) {
            reserved.remove(id);
        }
    }

    synchronized int allocate() throws ContainerException {
        int d = descriptors.next(inUse::contains);
        if (d < 0) {
            throw new ContainerException(Reason.PROVIDER_ERROR, "all " + DescriptorSequence.PERIOD
                    + " descriptors are in use");
        }
        inUse.add(d);
        return d;
    }

    /** Frees an id and, when not 0, a descriptor of a start that failed or a container that is gone. */
    synchronized void release(String id, int descriptor) {
        RuncContainer c = visible.get(id);
        if (c != null && c.descriptor == descriptor) {
            visible.remove(id);
            relist();
        }
        reserved.remove(id);
        inUse.remove(descriptor);
    }

    synchronized void publish(RuncContainer c) {
        visible.put(c.id, c);
        relist();
    }

    /** Takes in a container re-adopted from the state directory; false if its id or descriptor is taken. */
    synchronized boolean adopt(RuncContainer c) {
        if (reserved.contains(c.id) || inUse.contains(c.descriptor) || c.descriptor < 1
                || c.descriptor > DescriptorSequence.PERIOD) {
            return false;
        }
        reserved.add(c.id);
        inUse.add(c.descriptor);
        publish(c);
        return true;
    }

    Optional<RuncContainer> find(String id) {
        return Optional.ofNullable(id == null ? null : visibleNow.get(id));
    }

    RuncContainer require(String id) throws ContainerException {
        return find(id).orElseThrow(() -> new ContainerException(Reason.NOT_FOUND, "no container '"
                + ContainerIds.shorten(id) + "'"));
    }

    /** The visible containers sorted by id (ids are ASCII, so this is Dobby's byte order); an immutable list. */
    List<ContainerRef> list() {
        return listed;
    }

    private void relist() {
        List<ContainerRef> out = new ArrayList<>();
        visible.values().forEach(c -> out.add(c.ref()));
        visibleNow = Map.copyOf(visible);
        listed = List.copyOf(out);
    }

    /** The ids of every container that runs or is being started. */
    synchronized Set<String> liveIds() {
        Set<String> ids = new HashSet<>(reserved);
        ids.addAll(visible.keySet());
        return ids;
    }

    synchronized List<RuncContainer> all() {
        return new ArrayList<>(visible.values());
    }
}
