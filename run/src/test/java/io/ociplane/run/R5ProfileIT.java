package io.ociplane.run;

import static org.junit.Assert.assertEquals;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.junit.Test;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;

/** The R5 wire profile, selected by configuration: codes, HTTP statuses and built-ins of Thunder R5.3. */
public class R5ProfileIT extends InRuntime {

    @Configuration
    public Option[] config() {
        return RuntimeOptions.runtime("R5", Set.of(), Map.of("Demo", RuntimeOptions.demoPlugin("Demo", "hi")));
    }

    @Test
    public void r5Rules() {
        Rpc rpc = Rpc.onceDemoAnswers(Duration.ofSeconds(15));
        Rpc.Response unknown = rpc.call("Nobody.1.ping", null);
        assertEquals(200, unknown.status());
        assertEquals(-31043, unknown.json().path("error").path("code").asInt());
        assertEquals(-31001, rpc.call("Demo.1.fail", "{\"code\":1}").json().path("error").path("code").asInt());
        // issue 16: R5.3 answers a truncated request with the id it read, and HTTP 200
        Rpc.Response parse = rpc.post("{\"id\":1,");
        assertEquals(200, parse.status());
        assertEquals(-31050, parse.json().path("error").path("code").asInt());
        assertEquals(1, parse.json().path("id").asInt());
        Rpc.Response garbage = rpc.post("xyz");
        assertEquals(400, garbage.status());
        assertEquals(-31050, garbage.json().path("error").path("code").asInt());
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":[{\"name\":\"Demo\",\"major\":1,\"minor\":0,\"patch\":0}]}",
                rpc.call("Demo.1.versions", null).body());
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":true}", rpc.call("Demo.1.exists", "{\"method\":\"ping\"}").body());
        // issue 16: R5.3 answers services@X (and status@X) with the element itself, not an array of one
        assertEquals("Activated", rpc.call("Controller.1.services@Demo", null).json().path("result")
                .path("state").asText());
        try (WsClient ws = new WsClient(rpc.port(), "/jsonrpc")) {
            assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":null}",
                    ws.call(1, "Demo.1.register", "{\"event\":\"fired\",\"id\":\"c\"}", null));
            assertEquals(-32602, Json.tree(ws.call(2, "Demo.1.register", "{\"event\":\"fired\"}", null)).path("error")
                    .path("code").asInt());
            ws.call(3, "Demo.1.fire", "{\"index\":\"x\",\"payload\":[1]}", null);
        }
        rpc.call("Controller.1.deactivate", "{\"callsign\":\"Demo\"}");
        Rpc.Response off = rpc.call("Demo.1.ping", null);
        assertEquals(-31002, off.json().path("error").path("code").asInt());
        assertEquals("The service is not active.", off.json().path("error").path("message").asText());
    }
}
