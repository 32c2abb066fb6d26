package io.ociplane.jsonrpc.internal.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.ociplane.jsonrpc.spi.PluginApi;

class StartReadinessTest {

    private final PluginRegistry registry = new PluginRegistry();
    private Set<String> installed = Set.of("Autostart", "Later", "Manual");
    private final StartReadiness readiness = new StartReadiness(registry, r -> installed.contains(r.callsign()));

    private PluginRecord file(String callsign, boolean autostart) {
        PluginRecord r = registry.upsertFile(new PluginFile(callsign, "bundle", "Demo", autostart, null, null, null,
                null));
        registry.setDesired(r, autostart ? PluginRecord.Desired.ACTIVATED : PluginRecord.Desired.DEACTIVATED,
                "Startup");
        return r;
    }

    private static Served served(PluginApi api, long id) {
        return new Served(api, id, null, null);
    }

    @Test
    void notReadyBeforeThePluginFilesAreApplied() {
        readiness.check();
        assertFalse(readiness.isReady(), "an empty registry before the files are read is not a finished start");
        readiness.filesApplied();
        assertTrue(readiness.isReady());
    }

    @Test
    void readyOnlyWhenEveryAutostartPluginIsServedAndReady() throws Exception {
        file("Autostart", true);
        file("Manual", false);
        readiness.filesApplied();
        assertEquals(List.of("Autostart"), readiness.waiting(), "a plugin that does not start activated is not waited for");

        CompletableFuture<Void> providerBound = new CompletableFuture<>();
        PluginApi api = PluginApi.builder().ready(providerBound).build();
        registry.served("Autostart", served(api, 7));
        readiness.check();
        assertFalse(readiness.isReady(), "served, but the plugin has not said it is ready");

        CompletableFuture<List<String>> ready = readiness.whenReady().toCompletableFuture();
        api.ready().thenRun(readiness::check);
        providerBound.complete(null);
        assertEquals(List.of(), ready.get(10, TimeUnit.SECONDS));
        assertTrue(readiness.isReady());
        assertEquals(List.of(), readiness.waiting());
    }

    @Test
    void aPluginNoInstalledBundleProvidesIsNotWaitedFor() {
        installed = Set.of();
        file("Missing", true);
        readiness.filesApplied();
        assertTrue(readiness.isReady(), "a precondition plugin is not coming by itself");
    }

    @Test
    void aPluginDeactivatedWhileStartingIsNotWaitedFor() {
        PluginRecord r = file("Autostart", true);
        readiness.filesApplied();
        assertFalse(readiness.isReady());
        registry.setDesired(r, PluginRecord.Desired.DEACTIVATED, "Requested");
        readiness.check();
        assertTrue(readiness.isReady());
    }

    @Test
    void theStartTimeoutEndsTheWaitNamingWhatIsLate() throws Exception {
        file("Autostart", true);
        file("Later", true);
        registry.served("Later", served(PluginApi.builder().build(), 8));
        readiness.filesApplied();
        readiness.giveUp();
        assertEquals(List.of("Autostart"), readiness.whenReady().toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertTrue(readiness.isReady());
    }

    @Test
    void aFailedReadinessStillCountsAsDone() {
        file("Autostart", true);
        CompletableFuture<Void> failing = new CompletableFuture<>();
        PluginApi api = PluginApi.builder().ready(failing).build();
        registry.served("Autostart", served(api, 9));
        readiness.filesApplied();
        assertFalse(readiness.isReady());
        failing.completeExceptionally(new IllegalStateException("gave up"));
        readiness.check();
        assertTrue(readiness.isReady());
    }
}
