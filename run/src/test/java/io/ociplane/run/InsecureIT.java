package io.ociplane.run;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.junit.Test;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.CoreOptions;
import org.ops4j.pax.exam.Option;

/** The development switch: every check off, said loudly, and only on loopback (docs/security.md). */
public class InsecureIT extends InRuntime {

    @Configuration
    public Option[] config() {
        return RuntimeOptions.runtime(Set.of(), Map.of("Demo", RuntimeOptions.demoPlugin("Demo", "hi")),
                CoreOptions.systemProperty("io.ociplane.jsonrpc.insecure").value("true"));
    }

    @Test
    public void everyCheckIsOffAndControllerSaysSo() {
        Rpc rpc = Rpc.onceDemoAnswers(Duration.ofSeconds(15));
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"Demo.1.ping\"}";
        assertEquals(200, AsUser.post(AsUser.NOBODY, rpc.port(), "/jsonrpc", body).status());
        String page = rpc.raw("POST /jsonrpc HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: https://evil.example\r\n"
                + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body);
        assertTrue(page, page.startsWith("HTTP/1.1 200") && page.contains("Access-Control-Allow-Origin: https://evil.example"));
        assertEquals("insecure: every access check is off (development only)",
                rpc.call("Controller.1.status@Controller", null).json().path("result").path(0).path("note").asText());
    }
}
