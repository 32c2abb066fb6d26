package io.ociplane.oci.dobby.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.ociplane.oci.api.ContainerRef;

/** The daemon's containers kept from one List and the signals, whatever order a start's answer arrives in. */
class KnownContainersTest {

    private final KnownContainers known = new KnownContainers();

    @Test
    void aListThenSignalsKeepTheContainersSortedById() {
        known.replaceAll(List.of(new ContainerRef(734, "web"), new ContainerRef(879, "Mid")));
        known.started(new ContainerRef(439, "alpha"));
        known.stopped(new ContainerRef(734, "web"));
        assertEquals(List.of(new ContainerRef(879, "Mid"), new ContainerRef(439, "alpha")), known.list(),
                "byte order: upper case first");
        assertEquals(Optional.of(new ContainerRef(439, "alpha")), known.find("alpha"));
        assertEquals(Optional.empty(), known.find("web"));
        known.clear();
        assertEquals(List.of(), known.list());
    }

    @Test
    void aStartsAnswerReadAfterTheContainersEndDoesNotBringItBack() {
        ContainerRef quick = new ContainerRef(734, "quick");
        known.started(quick); // the Started signal, on the control thread
        known.stopped(quick); // it ended at once
        known.startedHere(quick); // the start's answer, read later on the caller's thread
        assertEquals(List.of(), known.list());
        known.started(quick); // a restart after a crash: the daemon signals it again
        assertEquals(List.of(quick), known.list());
    }

    @Test
    void theEndOfAnOlderContainerOfTheIdLeavesTheNewerOne() {
        known.startedHere(new ContainerRef(879, "web")); // started again before the old one's end was heard
        known.stopped(new ContainerRef(734, "web"));
        assertEquals(List.of(new ContainerRef(879, "web")), known.list());
    }
}
