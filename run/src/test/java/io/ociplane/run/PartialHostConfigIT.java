package io.ociplane.run;

import static org.junit.Assert.assertEquals;

import java.time.Duration;
import java.util.Map;

import org.junit.Test;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;

/**
 * A ConfigAdmin configuration of the host that sets only the profile: every other attribute keeps what the
 * framework properties say (here the plugins directory and the R4 default the IT passes are overridden only where
 * configured), instead of falling back to the built-in defaults.
 */
public class PartialHostConfigIT extends InRuntime {

    @Configuration
    public Option[] config() {
        return RuntimeOptions.runtimeWithDeployFiles(Map.of("Demo", RuntimeOptions.demoPlugin("Demo", "hi")),
                Map.of("io.ociplane.jsonrpc.cfg", "profile=R5\n"));
    }

    @Test
    public void onlyTheConfiguredAttributeChanges() {
        Rpc rpc = new Rpc();
        // the plugins directory still comes from the framework property: Demo is there
        Rpc.await("Demo served in R5", Duration.ofSeconds(20), () -> rpc.call("Nobody.1.x", null).body()
                .contains("-31043") && rpc.call("Demo.1.ping", null).body().contains("pong"));
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"pong\"}", rpc.call("Demo.1.ping", null).body());
        assertEquals(-31043, rpc.call("Nobody.1.x", null).json().path("error").path("code").asInt());
    }
}
