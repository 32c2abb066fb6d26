package io.ociplane.run;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceRegistration;

import com.fasterxml.jackson.databind.JsonNode;

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

    /**
     * A request whose head Felix HTTP has only partly read when it stops: Jetty fails it as {@code /badRequest}
     * while it closes the connection, and the server's error page answers it (docs/host-restart.md). That answer is
     * the JSON-RPC error page's 503 with Retry-After (nothing ran), never Jetty's HTML 500 with an EofException,
     * as HostSwapUnderLoadIT once got.
     */
    @Test
    public void aRequestHalfReadWhenFelixHttpStopsIsAnswered503InJsonRpc() throws Exception {
        Rpc rpc = new Rpc();
        awaitServing(rpc, "before Felix HTTP stops");
        Bundle http = bundle("org.apache.felix.http.jetty12");
        String answer;
        try (Socket s = new Socket("127.0.0.1", rpc.port())) {
            s.setSoTimeout(20_000); // a bound on a broken server, not a wait for anything
            OutputStream out = s.getOutputStream();
            // the request line and one header: the end of the head never comes
            out.write(("POST /jsonrpc HTTP/1.1\r\nHost: 127.0.0.1:" + rpc.port() + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Rpc.await("Jetty has read the partial request", WAIT, () -> serverHasRead(rpc.port(), s.getLocalPort()));
            long t0 = System.nanoTime();
            try {
                http.stop();
            } finally {
                long t1 = System.nanoTime();
                http.start();
                System.out.printf("HostRestartIT: Felix HTTP stopped in %d ms, started in %d ms%n",
                        (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000);
            }
            InputStream in = s.getInputStream();
            answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(answer, answer.startsWith("HTTP/1.1 503 "));
        int split = answer.indexOf("\r\n\r\n");
        String head = answer.substring(0, split).toLowerCase();
        assertTrue(answer, head.contains("\r\ncontent-type: application/json"));
        assertTrue(answer, head.contains("\r\nretry-after: 1"));
        assertTrue(answer, head.contains("\r\nconnection: close"));
        JsonNode error = Json.tree(answer.substring(split + 4).trim()).path("error");
        assertEquals(answer, 1, error.path("code").asInt()); // R4's ERROR_GENERAL
        assertTrue(answer, error.path("data").asText().contains("nothing ran"));
        awaitServing(rpc, "after Felix HTTP restarted");
    }

    /**
     * Whether the server has taken every byte the client sent on the connection from its socket (the kernel's
     * receive queue of the server's end, in /proc/net/tcp or tcp6 for Java's dual-stack sockets, is empty): Jetty
     * parses what it reads at once.
     */
    private static boolean serverHasRead(int serverPort, int clientPort) {
        String local = String.format(":%04X", serverPort);
        String remote = String.format(":%04X", clientPort);
        try {
            for (String table : new String[] { "/proc/net/tcp", "/proc/net/tcp6" }) {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 4 && f[1].endsWith(local) && f[2].endsWith(remote)) {
                        return Long.parseLong(f[4].split(":")[1], 16) == 0;
                    }
                }
            }
            return false;
        } catch (IOException e) {
            throw new AssertionError(e);
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
