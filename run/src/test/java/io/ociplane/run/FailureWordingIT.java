package io.ociplane.run;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.After;
import org.junit.Test;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.CoreOptions;
import org.ops4j.pax.exam.Option;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Issue 15, item 7: one wording per failure, whichever provider serves (docs/providers.md#one-wording-per-failure).
 * The same failures through org.rdk.OCIContainer, first on the runc provider, then through the Dobby provider
 * talking to the Dobby-compatible service backed by that same runc provider: the error {@code data} is the same
 * text, the one docs/providers.md#one-wording-per-failure gives.
 */
public class FailureWordingIT extends OnDobbyBus {

    private static final String WORK = "it.wording.work";
    private static final String OCI = "org.rdk.OCIContainer";
    private static final String ID = "wording";

    @Configuration
    public Option[] config() throws IOException {
        DobbyBus.start();
        Path work = RuntimeOptions.containersDir("wording");
        RuntimeOptions.busyboxBundle(work.resolve("bundles/sleepy"), List.of("sleep", "600"));
        Files.createDirectories(work.resolve("bundles/noconfig"));
        return RuntimeOptions.runtimeWithRunc(Set.of("demo-plugin"), Map.of(OCI, OciContainerIT.PLUGIN_FILE),
                work.resolve("runc"), CoreOptions.systemProperty(WORK).value(work.toString()),
                DobbyBus.frameworkProperties());
    }

    @After
    public void removeRealContainers() {
        RuntimeOptions.removeRuncContainers(Path.of(System.getProperty(WORK), "runc", "state", "runc"));
    }

    private Rpc rpc;

    private String note() {
        return rpc.call("Controller.1.status@" + OCI, null).json().path("result").path(0).path("note").asText();
    }

    private void succeeds(String method, String params) {
        JsonNode r = rpc.call(OCI + ".1." + method, params).json();
        assertTrue(method + ": " + r, r.path("result").path("success").asBoolean());
    }

    /** The {@code data} of a call that fails with ERROR_GENERAL. */
    private String data(String method, String params) {
        JsonNode r = rpc.call(OCI + ".1." + method, params).json();
        assertEquals(method + ": " + r, 1, r.path("error").path("code").asInt());
        return r.path("error").path("data").asText();
    }

    private boolean listed(String id) {
        return rpc.call(OCI + ".1.listContainers", null).json().path("result").path("containers").findValuesAsText("Id")
                .contains(id);
    }

    /** Each failure's data, with the container {@value #ID} running meanwhile; it is stopped again at the end. */
    private Map<String, String> failures() {
        Path bundles = Path.of(System.getProperty(WORK), "bundles");
        String container = "{\"containerId\":\"" + ID + "\"}";
        Map<String, String> data = new LinkedHashMap<>();
        succeeds("startContainer", "{\"containerId\":\"" + ID + "\",\"bundlePath\":\"" + bundles.resolve("sleepy")
                + "\"}");
        data.put("duplicate id", data("startContainer", "{\"containerId\":\"" + ID + "\",\"bundlePath\":\""
                + bundles.resolve("sleepy") + "\"}"));
        data.put("resume of a running one", data("resumeContainer", container));
        succeeds("pauseContainer", container);
        data.put("pause of a paused one", data("pauseContainer", container));
        data.put("stop of a paused one", data("stopContainer", container));
        succeeds("resumeContainer", container);
        data.put("missing annotation", data("removeAnnotation", "{\"containerId\":\"" + ID + "\",\"key\":\"k\"}"));
        data.put("unknown container", data("getContainerState", "{\"containerId\":\"nobody\"}"));
        data.put("missing bundle", data("startContainer", "{\"containerId\":\"other\",\"bundlePath\":\""
                + bundles.resolve("missing") + "\"}"));
        data.put("bundle without config.json", data("startContainer", "{\"containerId\":\"other\",\"bundlePath\":\""
                + bundles.resolve("noconfig") + "\"}"));
        succeeds("stopContainer", "{\"containerId\":\"" + ID + "\",\"force\":true}");
        Rpc.await(ID + " gone", WAIT, () -> !listed(ID));
        return data;
    }

    @Test
    public void eachFailureReadsTheSameOnRuncAndThroughDobby() throws Exception {
        rpc = new Rpc();
        Rpc.await("OCIContainer served by the runc provider", WAIT, () -> "container provider: runc".equals(note()));
        Map<String, String> runc = failures();

        DobbyBus.configureDobby(configAdmin, "wording"); // the service picks the best provider: runc
        Rpc.await("OCIContainer served by the Dobby provider", WAIT, () -> "container provider: dobby".equals(note()));
        Map<String, String> dobby = failures();

        Path bundles = Path.of(System.getProperty(WORK), "bundles");
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("duplicate id", "a container with id 'wording' exists");
        expected.put("resume of a running one", "container 'wording' is running, not paused");
        expected.put("pause of a paused one", "container 'wording' is paused, not running");
        expected.put("stop of a paused one", "container 'wording' is paused: only a forced stop ends a paused container");
        expected.put("missing annotation", "no annotation 'k'");
        expected.put("unknown container", "no container 'nobody'");
        expected.put("missing bundle", "bundlePath '" + shortened(bundles.resolve("missing")) + "' does not exist");
        expected.put("bundle without config.json", "the bundle's config.json '"
                + shortened(bundles.toRealPath().resolve("noconfig/config.json")) + "' does not exist");
        assertEquals("on runc", expected, runc);
        assertEquals("through Dobby", expected, dobby);
    }

    /** A path as failures name it: at most 64 characters (ContainerIds.shorten). */
    private static String shortened(Path p) {
        String s = p.toString();
        return s.length() <= 64 ? s : s.substring(0, 61) + "...";
    }
}
