package io.ociplane.run;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;


import org.junit.Test;
import org.osgi.framework.Bundle;

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

    private static void awaitServing(Rpc rpc, String when) {
        Rpc.await("Demo served over HTTP " + when, WAIT, () -> rpc.call("Demo.1.ping", null).body().contains("pong"));
        try (WsClient ws = new WsClient(rpc.port(), "/jsonrpc")) {
            String reply = ws.call(1, "Demo.1.ping", null, null);
            assertEquals(when, "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"pong\"}", reply);
        }
        assertTrue(when, rpc.call("Controller.1.status@Demo", null).body().contains("\"state\":\"activated\""));
    }
}
