package io.ociplane.run;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.Test;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * No silent fallback (issue 19 item 3, docs/providers.md#preferred-provider): once the Dobby daemon has served and
 * goes away, a start through either plugin waits for it and then fails with ERROR_GENERAL naming the Dobby provider,
 * instead of running on runc; what runs on runc stays listed and controllable; when the daemon is back, starts go
 * through it again. (StrandedContainersIT runs the same departure with the plugins configured to fall back.)
 */
public class PreferredProviderIT extends RuncAndDobby {

    private static final String REFUSAL = "the preferred container provider 'dobby' is unavailable (";

    public PreferredProviderIT() {
        super("onrunc");
    }

    @Configuration
    @Override
    public Option[] config() throws IOException {
        return runtime(false);
    }

    private List<String> listed() {
        List<String> out = new ArrayList<>();
        result(OCI + ".1.listContainers", null).path("containers").forEach(c -> out.add(c.path("Id").asText()));
        return out;
    }

    /** A start refused with ERROR_GENERAL, the reason naming the preferred provider. */
    private static void assertRefused(JsonNode answer) {
        JsonNode error = answer.path("error");
        assertEquals(answer.toString(), 1, error.path("code").asInt());
        assertEquals(answer.toString(), "ERROR_GENERAL", error.path("message").asText());
        assertTrue(answer.toString(), error.path("data").asText().contains(REFUSAL));
        assertTrue(answer.toString(), error.path("data").asText().contains("do not start on 'runc' instead"));
    }

    @Test
    public void withTheDobbyDaemonGoneStartsFailInsteadOfRunningOnRunc() throws Exception {
        rpc = new Rpc();
        awaitServedBy("runc");
        // without Dobby the runc provider is the preferred one: starts run there (the embedded default)
        int onRunc = result(OCI + ".1.startContainer", "{\"containerId\":\"onrunc\",\"bundlePath\":\"" + bundle()
                + "\"}").path("descriptor").asInt();
        assertTrue("started on runc: " + onRunc, onRunc > 0);

        dobbyClientUp();
        dobbyServiceUp();
        awaitServedBy("dobby");

        // the daemon goes away: the runc provider serves what it runs, but starts no new container
        dobbyServiceDown();
        awaitServedBy("runc");
        try (WsClient ws = new WsClient(rpc.port(), "/jsonrpc")) {
            assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":0}", ws.call(1, OCI + ".1.register",
                    "{\"event\":\"onContainerStarted\",\"id\":\"c\"}", null));
            assertRefused(rpc.call(OCI + ".1.startContainer", "{\"containerId\":\"refused\",\"bundlePath\":\""
                    + bundle() + "\"}").json());
            assertRefused(rpc.call(OCI + ".1.startContainerFromDobbySpec", "{\"containerId\":\"refused\","
                    + "\"dobbySpec\":{\"version\":\"1.0\",\"args\":[\"sleep\",\"60\"]}}").json());
            assertRefused(rpc.call("Containers.1.start", "{\"name\":\"onrunc\"}").json()); // and leaves onrunc running
            assertEquals(List.of("onrunc"), listed());
            // what runs on runc stays controllable
            assertEquals("Running", result(OCI + ".1.getContainerState", "{\"containerId\":\"onrunc\"}")
                    .path("state").asText());
            assertEquals("{\"success\":true}", result(OCI + ".1.pauseContainer", "{\"containerId\":\"onrunc\"}")
                    .toString());
            assertEquals("{\"success\":true}", result(OCI + ".1.resumeContainer", "{\"containerId\":\"onrunc\"}")
                    .toString());

            // the daemon is back: starts go through it
            dobbyServiceUp();
            awaitServedBy("dobby");
            int viaDobby = result(OCI + ".1.startContainer", "{\"containerId\":\"viadobby\",\"bundlePath\":"
                    + "\"/containers/viadobby\"}").path("descriptor").asInt();
            assertEquals("the refused starts sent no event", "{\"jsonrpc\":\"2.0\",\"method\":\"c.onContainerStarted\","
                    + "\"params\":{\"descriptor\":\"" + viaDobby + "\",\"name\":\"viadobby\"}}", ws.next(WAIT));
            assertEquals(List.of("viadobby", "onrunc"), listed());
        }
        int pid = result(OCI + ".1.getContainerInfo", "{\"containerId\":\"onrunc\"}").path("info").path("pids")
                .path(0).asInt();
        assertEquals("{\"success\":true}", result(OCI + ".1.stopContainer",
                "{\"containerId\":\"onrunc\",\"force\":true}").toString());
        Rpc.await("onrunc's init gone", WAIT, () -> !Files.exists(Path.of("/proc/" + pid)));
        assertFalse(listed().contains("refused"));
    }
}
