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

/**
 * No stranded containers (issue 14, item 6), with the plugins configured to fall back ({@code providerFallback};
 * PreferredProviderIT shows the default, a refusal): while the Dobby service is down a container starts on runc; when
 * Dobby returns, new containers start through Dobby, and the runc container stays listed (by both plugins), answers,
 * is stopped through runc and its Stopped reaches the subscribers.
 */
public class StrandedContainersIT extends RuncAndDobby {

    public StrandedContainersIT() {
        super("stranded");
    }

    @Configuration
    @Override
    public Option[] config() throws IOException {
        return runtime(true);
    }

    private List<String> listed() {
        List<String> out = new ArrayList<>();
        result(OCI + ".1.listContainers", null).path("containers")
                .forEach(c -> out.add(c.path("Id").asText() + "@" + c.path("Descriptor").asInt()));
        return out;
    }

    private List<String> containersListed() {
        List<String> out = new ArrayList<>();
        result("Containers.1.containers", null).forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    public void aContainerStartedOnRuncWhileDobbyWasDownStaysServedWhenDobbyReturns() throws Exception {
        rpc = new Rpc();
        dobbyClientUp();
        dobbyServiceUp();
        awaitServedBy("dobby");

        try (WsClient ws = new WsClient(rpc.port(), "/jsonrpc")) {
            for (String ev : List.of("onContainerStarted", "onContainerStopped")) {
                assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":0}", ws.call(1, OCI + ".1.register",
                        "{\"event\":\"" + ev + "\",\"id\":\"c\"}", null));
            }

            // the Dobby daemon goes away: starts go to the runc provider, as configured
            dobbyServiceDown();
            awaitServedBy("runc");
            int descriptor = result(OCI + ".1.startContainer", "{\"containerId\":\"stranded\",\"bundlePath\":\""
                    + bundle() + "\"}").path("descriptor").asInt();
            assertTrue("started on runc: " + descriptor, descriptor > 0);
            assertEquals("{\"jsonrpc\":\"2.0\",\"method\":\"c.onContainerStarted\",\"params\":{\"descriptor\":\""
                    + descriptor + "\",\"name\":\"stranded\"}}", ws.next(WAIT));
            int pid = result(OCI + ".1.getContainerInfo", "{\"containerId\":\"stranded\"}").path("info").path("pids")
                    .path(0).asInt();
            assertTrue("its init runs: " + pid, pid > 0 && Files.exists(Path.of("/proc/" + pid)));

            // the daemon is back: preferred for new containers; the runc container stays served
            dobbyServiceUp();
            awaitServedBy("dobby");
            assertEquals(List.of("stranded@" + descriptor), listed());
            assertEquals(List.of("stranded"), containersListed());
            assertEquals("Running", result(OCI + ".1.getContainerState", "{\"containerId\":\"stranded\"}").path("state")
                    .asText());
            assertEquals("Running", result(OCI + ".1.getContainerState", "{\"containerId\":\"" + descriptor + "\"}")
                    .path("state").asText());
            assertEquals(pid, result(OCI + ".1.getContainerInfo", "{\"containerId\":\"stranded\"}").path("info")
                    .path("pids").path(0).asInt());

            int viaDobby = result(OCI + ".1.startContainer", "{\"containerId\":\"viadobby\",\"bundlePath\":"
                    + "\"/containers/viadobby\"}").path("descriptor").asInt();
            assertEquals("{\"jsonrpc\":\"2.0\",\"method\":\"c.onContainerStarted\",\"params\":{\"descriptor\":\""
                    + viaDobby + "\",\"name\":\"viadobby\"}}", ws.next(WAIT));
            assertEquals(List.of("viadobby@" + viaDobby, "stranded@" + descriptor), listed());
            assertEquals(List.of("viadobby", "stranded"), containersListed());
            assertFalse("a container that runs on runc is not started again through Dobby",
                    rpc.call(OCI + ".1.startContainer", "{\"containerId\":\"stranded\",\"bundlePath\":\"" + bundle()
                            + "\"}").body().contains("\"result\""));

            // stopped through the provider that runs it, and its Stopped reaches the subscribers
            assertEquals("{\"success\":true}", result(OCI + ".1.stopContainer",
                    "{\"containerId\":\"stranded\",\"force\":true}").toString());
            assertEquals("{\"jsonrpc\":\"2.0\",\"method\":\"c.onContainerStopped\",\"params\":{\"descriptor\":\""
                    + descriptor + "\",\"name\":\"stranded\"}}", ws.await(m -> m.contains("onContainerStopped"), WAIT));
            assertEquals(List.of("viadobby@" + viaDobby), listed());
            assertFalse("its init is gone", Files.exists(Path.of("/proc/" + pid)));

            assertEquals("{\"success\":true}", result(OCI + ".1.stopContainer",
                    "{\"containerId\":\"viadobby\",\"force\":true}").toString());
            assertEquals("{\"jsonrpc\":\"2.0\",\"method\":\"c.onContainerStopped\",\"params\":{\"descriptor\":\""
                    + viaDobby + "\",\"name\":\"viadobby\"}}", ws.await(m -> m.contains("onContainerStopped"), WAIT));
        }
    }
}
