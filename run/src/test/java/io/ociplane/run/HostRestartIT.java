package io.ociplane.run;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceRegistration;

import io.ociplane.jsonrpc.spi.JsonRpcPlugin;
import io.ociplane.jsonrpc.spi.PluginApi;

/**
 * The host bundle itself restarted and updated in place, several times: each time HTTP and WebSocket on /jsonrpc
 * come back and plugins are served again (the WebSocket mapping an earlier activation left is replaced).
 */
public class HostRestartIT extends InRuntime {

    @Test
    public void theHostComesBackAfterEveryRestartAndUpdate() throws Exception {
        Rpc rpc = new Rpc();
        Bundle host = null;
        for (Bundle b : context.getBundles()) {
            if ("io.ociplane.jsonrpc-http".equals(b.getSymbolicName())) {
                host = b;
            }
        }
        assertNotNull(host);
        for (int round = 0; round < 3; round++) {
            awaitServing(rpc, "round " + round);
            if (round % 2 == 0) {
                host.stop();
                host.start();
            } else {
                host.update();
            }
        }
        awaitServing(rpc, "after the last restart");
    }

    /**
     * A call that runs while the host bundle is updated ends on the code it started on: the update waits for it (up
     * to the restart grace) before the framework refreshes the bundle; else the call failed at the first class it
     * had not loaded yet (HostSwapUnderLoadIT saw Jetty's 500 page with a NoClassDefFoundError of the host).
     */
    @Test
    public void aCallInFlightEndsBeforeTheHostBundleIsRefreshed() throws Exception {
        Rpc rpc = new Rpc();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        JsonRpcPlugin holding = events -> PluginApi.builder().versions(1).method("hold", () -> {
            entered.countDown();
            try {
                return release.await(20, TimeUnit.SECONDS) ? "released" : "not released";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        }).build();
        ServiceRegistration<JsonRpcPlugin> reg = context.registerService(JsonRpcPlugin.class, holding,
                new Hashtable<>(Map.of(JsonRpcPlugin.CALLSIGN, "Holding")));
        try {
            Rpc.await("Holding served", WAIT, () -> rpc.call("Controller.1.status@Holding", null).body()
                    .contains("\"state\":\"activated\""));
            CompletableFuture<Rpc.Response> call = CompletableFuture.supplyAsync(() -> rpc.call("Holding.1.hold", null));
            assertTrue("the call runs", entered.await(WAIT.toSeconds(), TimeUnit.SECONDS));
            Thread updater = new Thread(() -> {
                try {
                    bundle("io.ociplane.jsonrpc-http").update();
                } catch (org.osgi.framework.BundleException e) {
                    throw new IllegalStateException(e);
                }
            }, "host-updater");
            updater.start();
            // the update is held by the running call: it waits in the endpoint's drain
            Rpc.await("the update waits for the call", WAIT, () -> Arrays.stream(updater.getStackTrace())
                    .anyMatch(f -> f.getMethodName().equals("awaitNone")));
            release.countDown();
            Rpc.Response answer = call.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(answer.body(), "{\"jsonrpc\":\"2.0\",\"id\":" + Json.tree(answer.body()).path("id").asInt()
                    + ",\"result\":\"released\"}", answer.body());
            updater.join(WAIT.toMillis());
            assertTrue("the update ended", !updater.isAlive());
            awaitServing(rpc, "after the update");
        } finally {
            release.countDown();
            reg.unregister();
        }
    }


    private static void awaitServing(Rpc rpc, String when) {
        Rpc.await("Demo served over HTTP " + when, WAIT, () -> rpc.call("Demo.1.ping", null).body().contains("pong"));
        try (WsClient ws = new WsClient(rpc.port(), "/jsonrpc")) {
            String reply = ws.call(1, "Demo.1.ping", null, null);
            assertEquals(when, "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"pong\"}", reply);
        }
        assertTrue(when, rpc.call("Controller.1.status@Demo", null).body().contains("\"state\":\"activated\""));
    }
}
