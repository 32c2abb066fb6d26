package io.ociplane.oci.dobby.server;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.ociplane.oci.api.ContainerRef;
import io.ociplane.oci.api.provider.DescriptorSequence;

/**
 * Container descriptors as Dobby hands them out ({@link DescriptorSequence}: a fresh server gives 734, 879, 439, ...
 * skipping values in use); each maps to the backing provider's container (its descriptor and id: a container that
 * ends and is started again under the same id is another one).
 * Used from the server's work thread only.
 */
final class DescriptorTable {

    /** One container: its Dobby descriptor and the backing provider's container. */
    static final class Entry {
        final int descriptor;
        final ContainerRef backend;
        final String id;
        /** We sent Started ourselves; the provider's own STARTED event for it is an echo to drop. */
        boolean startedEchoPending;
        /** A Stop was accepted: its force flag gives the status when the provider reports none. */
        Boolean stopForce;

        Entry(int descriptor, ContainerRef backend) {
            this.descriptor = descriptor;
            this.backend = backend;
            this.id = backend.id();
        }
    }

    private static final int RECENTLY_GONE_KEPT = 64;

    private final Map<Integer, Entry> byDescriptor = new HashMap<>();
    private final Map<ContainerRef, Entry> byBackend = new HashMap<>();
    private final Set<Integer> reserved = new HashSet<>();
    /** Entries dropped by a List that did not show them; a late STOPPED event may still name them. */
    private final Map<Integer, Entry> recentlyGone = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Entry> eldest) {
            return size() > RECENTLY_GONE_KEPT;
        }
    };
    private final DescriptorSequence descriptors = new DescriptorSequence();

    /** Takes the next free descriptor (every start attempt steps the sequence, as in Dobby); -1 if all in use. */
    int allocate() {
        int descriptor = descriptors.next(d -> byDescriptor.containsKey(d) || reserved.contains(d));
        if (descriptor > 0) {
            reserved.add(descriptor);
        }
        return descriptor;
    }

    Entry bind(int descriptor, ContainerRef backend) {
        reserved.remove(descriptor);
        Entry entry = new Entry(descriptor, backend);
        byDescriptor.put(descriptor, entry);
        byBackend.put(backend, entry);
        return entry;
    }

    /** Gives back a descriptor whose start failed. */
    void release(int descriptor) {
        reserved.remove(descriptor);
    }

    Entry byDescriptor(int descriptor) {
        return byDescriptor.get(descriptor);
    }

    Entry byBackend(ContainerRef backend) {
        return byBackend.get(backend);
    }

    /** The entry of a container the provider reports, creating one (a fresh descriptor) if it is new to us. */
    Entry entryFor(ContainerRef backend) {
        Entry e = byBackend(backend);
        if (e != null) {
            return e;
        }
        int descriptor = allocate();
        return descriptor < 0 ? null : bind(descriptor, backend);
    }

    /** Removes a container that stopped; also finds one that a List dropped a moment before. */
    Entry remove(ContainerRef backend) {
        Entry e = byBackend.remove(backend);
        if (e != null) {
            byDescriptor.remove(e.descriptor);
            return e;
        }
        for (Entry gone : recentlyGone.values()) {
            if (gone.backend.equals(backend)) {
                recentlyGone.remove(gone.descriptor);
                return gone;
            }
        }
        return null;
    }

    /** Drops entries of containers the provider no longer lists (they vanished without an event). */
    void retainOnly(Set<ContainerRef> listed) {
        byDescriptor.values().removeIf(e -> {
            boolean gone = !listed.contains(e.backend);
            if (gone) {
                byBackend.remove(e.backend);
                recentlyGone.put(e.descriptor, e);
            }
            return gone;
        });
    }
}
