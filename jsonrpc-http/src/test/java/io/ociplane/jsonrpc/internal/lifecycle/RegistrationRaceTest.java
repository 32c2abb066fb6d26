package io.ociplane.jsonrpc.internal.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.RepeatedTest;

import io.ociplane.jsonrpc.internal.dispatch.Caller;
import io.ociplane.jsonrpc.internal.dispatch.Channel;
import io.ociplane.jsonrpc.internal.dispatch.Dispatcher;
import io.ociplane.jsonrpc.internal.dispatch.Subscriptions;
import io.ociplane.jsonrpc.internal.wire.JsonCodec;
import io.ociplane.jsonrpc.internal.wire.WireProfile;
import io.ociplane.jsonrpc.spi.PluginApi;

/**
 * Registrations racing a plugin's deactivation, wired as the host wires them (a deactivation ends the callsign's
 * registrations): once the plugin is down and the dust has settled, no registration may be left, and every
 * connection's count must be back to zero.
 */
class RegistrationRaceTest {

    private static final int CLIENTS = 4;
    private static final int FLIPS = 5_000;

    private record Client(int n) implements Channel {
        @Override
        public void send(String text) {
        }
    }

    @RepeatedTest(10)
    void noRegistrationOutlivesADeactivation() throws Exception {
        JsonCodec codec = new JsonCodec(WireProfile.R4);
        Subscriptions subscriptions = new Subscriptions(codec, 1_000_000);
        PluginRegistry registry = new PluginRegistry();
        registry.setGraceMillis(0);
        registry.setListener((r, state, why) -> {
            if (state == PluginState.DEACTIVATED) {
                subscriptions.dropCallsign(r.callsign());
            }
        });
        registry.upsertFile(new PluginFile("Flip", "demo", "Demo", true, null, null, null, null));
        Dispatcher dispatcher = new Dispatcher(registry, subscriptions, codec, "Controller");
        PluginApi api = PluginApi.builder().method("ping", () -> "pong").event("fired").build();

        AtomicBoolean flipping = new AtomicBoolean(true);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(CLIENTS);
        List<Client> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            Client client = new Client(c);
            clients.add(client);
            Thread t = new Thread(() -> {
                try {
                    for (long i = 0; flipping.get(); i++) {
                        String id = "c" + (i % 50);
                        dispatcher.dispatch(codec.readRequest("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"Flip.1.register\","
                                + "\"params\":{\"event\":\"fired\",\"id\":\"" + id + "\"}}"), null, client, Caller.TRUSTED);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    done.countDown();
                }
            });
            t.start();
        }
        for (int i = 0; i < FLIPS; i++) {
            registry.served("Flip", new Served(api, 1, null, null));
            registry.unserved("Flip", 1);
        }
        flipping.set(false);
        assertTrue(done.await(10, TimeUnit.SECONDS), "clients did not finish");
        assertEquals(null, failure.get());
        assertEquals(0, subscriptions.count("Flip"), "registrations outlived the deactivation");
        for (Client c : clients) {
            assertEquals(0, subscriptions.countOf(c), "registration count of client " + c.n());
        }
    }
}
