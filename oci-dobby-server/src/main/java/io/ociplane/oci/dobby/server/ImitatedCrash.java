package io.ociplane.oci.dobby.server;

import io.ociplane.oci.dobby.server.DescriptorTable.Entry;

/**
 * The real daemon's GetInfo crash, reproduced on request to test clients against it (docs/dobby-dbus.md#defects):
 * GetInfo, Annotate and RemoveAnnotation of a container that Dobby would run without RDK plugins (a bundle whose
 * config names none) kill the daemon, which leaves the bus without a reply. Off unless asked for: a service that
 * people use does not crash.
 */
final class ImitatedCrash {

    private final Runnable crash;
    private volatile boolean armed;

    /** @param crash leaves the bus at once, without replying, and stays off it */
    ImitatedCrash(Runnable crash) {
        this.crash = crash;
    }

    void arm() {
        armed = true;
    }

    /** Crashes, as the daemon would on this container; true when it did (the call then gets no reply). */
    boolean strikes(Entry container) {
        if (!armed || container == null || container.hasRdkPlugins) {
            return false;
        }
        crash.run();
        return true;
    }
}
