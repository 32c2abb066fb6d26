package io.ociplane.ocicontainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.util.converter.Converters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ociplane.jsonrpc.internal.dispatch.Channel;
import io.ociplane.jsonrpc.internal.dispatch.Dispatcher;
import io.ociplane.jsonrpc.internal.dispatch.PluginDirectory;
import io.ociplane.jsonrpc.internal.dispatch.Subscriptions;
import io.ociplane.jsonrpc.internal.wire.JsonCodec;
import io.ociplane.jsonrpc.internal.wire.WireProfile;
import io.ociplane.jsonrpc.spi.PluginApi;
import io.ociplane.oci.api.ContainerInfo;
import io.ociplane.oci.api.ContainerInfo.CpuUsage;
import io.ociplane.oci.api.ContainerInfo.MemoryUsage;
import io.ociplane.oci.api.ContainerInfo.ProcessInfo;
import io.ociplane.oci.api.ContainerState;
import io.ociplane.oci.api.consumer.Providers;
import io.ociplane.oci.memory.InMemoryRuntime;

/**
 * The plugin behind the real host dispatcher (R4 profile) against the in-memory provider, asserting the exact
 * wire text: every row of docs/plugins-api.md#acceptance-rows (row 4 with INFO_VALID) and the error paths.
 */
class OciContainerPluginTest {

    static final String CS = "org.rdk.OCIContainer";
    static final String INFO_VALID = "{\"cpu\":{\"usage\" :{\"percpu\" :[3661526845,3773518079,4484546066,4700379608],\"total\" : 16619970598}},\"gpu\":{\"memory\" :{\"failcnt\" : 0,\"limit\" : 209715200,\"max\" : 3911680,\"usage\" : 0}},\"id\":\"Cobalt-0\",\"ion\":{\"heaps\" :{\"ion.\" :{\"failcnt\" : null,\"limit\" : null,\"max\" : null,\"usage\" : null}}},\"memory\":{\"user\" :{\"failcnt\" : 0,\"limit\" : 419430400,\"max\" : 73375744,\"usage\" : 53297152}},\"pids\":[13132,13418],\"processes\":[{\"cmdline\" : \"/usr/libexec/DobbyInit /usr/bin/WPEProcess -l libWPEFrameworkCobaltImpl.so -c CobaltImplementation -C Cobalt-0 -r /tmp/communicator -i 64 -x 48 -p \\\"/opt/persistent/rdkservices/Cobalt-0/\\\" -s \\\"/usr/lib/wpeframework/plugins/\\\" -d \\\"/usr/share/WPEFramework/Cobalt/\\\" -a \\\"/usr/bin/\\\" -v \\\"/tmp/Cobalt-0/\\\" -m \\\"/usr/lib/wpeframework/proxystubs/\\\" -P \\\"/opt/minidumps/\\\" \",\"executable\" : \"/usr/libexec/DobbyInit\",\"nsPid\" : 1,\"pid\" : 13132},{\"cmdline\" : \"WPEProcess -l libWPEFrameworkCobaltImpl.so -c CobaltImplementation -C Cobalt-0 -r /tmp/communicator -i 64 -x 48 -p \\\"/opt/persistent/rdkservices/Cobalt-0/\\\" -s \\\"/usr/lib/wpeframework/plugins/\\\" -d \\\"/usr/share/WPEFramework/Cobalt/\\\" -a \\\"/usr/bin/\\\" -v \\\"/tmp/Cobalt-0/\\\" -m \\\"/usr/lib/wpeframework/proxystubs/\\\" -P \\\"/opt/minidumps/\\\" \",\"executable\" : \"/usr/bin/WPEProcess\",\"nsPid\" : 6,\"pid\" : 13418}],\"state\":\"running\",\"timestamp\":1298657054196}";
    static final String EXPECTED_INFO = "{\"cpu\":{\"usage\":{\"percpu\":[3661526845,3773518079,4484546066,4700379608],\"total\":16619970598}},\"gpu\":{\"memory\":{\"failcnt\":0,\"limit\":209715200,\"max\":3911680,\"usage\":0}},\"id\":\"Cobalt-0\",\"ion\":{\"heaps\":{\"ion.\":{\"failcnt\":null,\"limit\":null,\"max\":null,\"usage\":null}}},\"memory\":{\"user\":{\"failcnt\":0,\"limit\":419430400,\"max\":73375744,\"usage\":53297152}},\"pids\":[13132,13418],\"processes\":[{\"cmdline\":\"/usr/libexec/DobbyInit /usr/bin/WPEProcess -l libWPEFrameworkCobaltImpl.so -c CobaltImplementation -C Cobalt-0 -r /tmp/communicator -i 64 -x 48 -p \\\"/opt/persistent/rdkservices/Cobalt-0/\\\" -s \\\"/usr/lib/wpeframework/plugins/\\\" -d \\\"/usr/share/WPEFramework/Cobalt/\\\" -a \\\"/usr/bin/\\\" -v \\\"/tmp/Cobalt-0/\\\" -m \\\"/usr/lib/wpeframework/proxystubs/\\\" -P \\\"/opt/minidumps/\\\" \",\"executable\":\"/usr/libexec/DobbyInit\",\"nsPid\":1,\"pid\":13132},{\"cmdline\":\"WPEProcess -l libWPEFrameworkCobaltImpl.so -c CobaltImplementation -C Cobalt-0 -r /tmp/communicator -i 64 -x 48 -p \\\"/opt/persistent/rdkservices/Cobalt-0/\\\" -s \\\"/usr/lib/wpeframework/plugins/\\\" -d \\\"/usr/share/WPEFramework/Cobalt/\\\" -a \\\"/usr/bin/\\\" -v \\\"/tmp/Cobalt-0/\\\" -m \\\"/usr/lib/wpeframework/proxystubs/\\\" -P \\\"/opt/minidumps/\\\" \",\"executable\":\"/usr/bin/WPEProcess\",\"nsPid\":6,\"pid\":13418}],\"state\":\"running\",\"timestamp\":1298657054196}";

    /** The in-memory provider, and a provider whose info is not there at all (a provider's bug). */
    private final InMemoryRuntime memory = new InMemoryRuntime() {
        @Override
        public synchronized ContainerInfo info(String id) throws io.ociplane.oci.api.ContainerException {
            ContainerInfo info = super.info(id);
            return id.equals("broken") ? null : info;
        }
    };
    private final OciContainerPlugin plugin = new OciContainerPlugin();
    private final JsonCodec codec = new JsonCodec(WireProfile.R4);
    private final Subscriptions subscriptions = new Subscriptions(codec);
    private final List<String> events = new ArrayList<>();
    private final Channel client = events::add;
    private Dispatcher dispatcher;

    /** INFO_VALID as a provider reports it: the typed figures of docs/plugins-api.md#acceptance-rows row 4. */
    static ContainerInfo infoValid() throws Exception {
        JsonNode expected = new ObjectMapper().readTree(EXPECTED_INFO); // only for the two long command lines
        return new ContainerInfo("Cobalt-0", ContainerState.RUNNING, 1298657054196L,
                new CpuUsage(16619970598L, List.of(3661526845L, 3773518079L, 4484546066L, 4700379608L)),
                new MemoryUsage(419430400L, 53297152L, 73375744L, 0L, null, null), List.of(13132, 13418),
                List.of(new ProcessInfo(13132, 1, "/usr/libexec/DobbyInit", expected.at("/processes/0/cmdline").asText()),
                        new ProcessInfo(13418, 6, "/usr/bin/WPEProcess", expected.at("/processes/1/cmdline").asText())),
                Map.of(), new MemoryUsage(209715200L, 0L, 3911680L, 0L, null, null),
                Map.of("ion.", MemoryUsage.UNKNOWN));
    }

    @BeforeEach
    void setUp() throws Exception {
        plugin.bindRuntime(memory, Map.of());
        memory.put(91, "com.bskyb.epgui", ContainerState.RUNNING);
        memory.setInfo("com.bskyb.epgui", infoValid());
        memory.put(94, "Netflix", ContainerState.RUNNING);
        define();
    }

    /** The API as the host defines it (again after an activation). */
    private void define() {
        PluginApi api = plugin.define((event, index, params) -> subscriptions.publish(CS, event, index, params));
        dispatcher = new Dispatcher(new PluginDirectory() {
            @Override
            public boolean knows(String callsign) {
                return CS.equals(callsign);
            }

            @Override
            public PluginApi awaitActive(String callsign) {
                return api;
            }
        }, subscriptions, codec, "Controller");
    }

    private String call(String method, String params) {
        String request = "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"" + CS + ".1." + method + "\""
                + (params == null ? "" : ",\"params\":" + params) + "}";
        try {
            return new String(dispatcher.dispatch(codec.readRequest(request), null, client, io.ociplane.jsonrpc.internal.dispatch.Caller.TRUSTED).body(),
                    StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String ok(String result) {
        return "{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":" + result + "}";
    }

    private static String failed(String reason) {
        return "{\"jsonrpc\":\"2.0\",\"id\":3,\"error\":{\"code\":1,\"message\":\"ERROR_GENERAL\",\"data\":\""
                + reason.replace("\"", "\\\"").replace("/", "\\/") + "\"}}";
    }

    // ---- docs/plugins-api.md#acceptance-rows ----

    @Test
    void c1_1_registeredMethods() {
        for (String m : List.of("listContainers", "getContainerState", "getContainerInfo", "startContainer",
                "startContainerFromDobbySpec", "stopContainer", "pauseContainer", "resumeContainer", "executeCommand",
                "hibernateContainer", "wakeupContainer", "annotate", "removeAnnotation", "mount", "unmount")) {
            assertTrue(!call(m, null).contains("-32601"), m + " is registered");
        }
    }

    @Test
    void c1_2_listContainers() {
        assertEquals(ok("{\"containers\":[{\"Descriptor\":91,\"Id\":\"com.bskyb.epgui\"},{\"Descriptor\":94,\"Id\":\"Netflix\"}],\"success\":true}"),
                call("listContainers", "{}"));
        assertEquals(List.of("list"), memory.calls());
    }

    @Test
    void c1_3_getContainerState() {
        assertEquals(ok("{\"containerId\":\"com.bskyb.epgui\",\"state\":\"Running\",\"success\":true}"),
                call("getContainerState", "{\"containerId\": \"com.bskyb.epgui\"}"));
        assertEquals(List.of("find com.bskyb.epgui", "state com.bskyb.epgui"), memory.calls());
        assertEquals(ok("{\"containerId\":\"94\",\"state\":\"Running\",\"success\":true}"),
                call("getContainerState", "{\"containerId\":\"94\"}"));
    }

    @Test
    void c1_4_getContainerInfoWithInfoValid() throws Exception {
        String r = call("getContainerInfo", "{\"containerId\": \"com.bskyb.epgui\"}");
        ObjectMapper m = new ObjectMapper();
        assertEquals(m.readTree(ok("{\"info\":" + EXPECTED_INFO + ",\"success\":true}")), m.readTree(r));
        assertTrue(r.startsWith("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{\"info\":{\"cpu\":{\"usage\":{\"percpu\""), r);
        assertTrue(r.endsWith("\"state\":\"running\",\"timestamp\":1298657054196},\"success\":true}}"), r);
        assertEquals(List.of("find com.bskyb.epgui", "info com.bskyb.epgui"), memory.calls());
    }

    @Test
    void c1_5_startContainer() {
        assertEquals(ok("{\"descriptor\":734,\"success\":true}"), call("startContainer",
                "{\"containerId\": \"com.bskyb.epgui2\", \"bundlePath\":\"/containers/myBundle\",\"command\":\"command\","
                        + " \"westerosSocket\":\"/usr/mySocket\", \"envvar\":[\"FOO=BAR\"]}"));
        assertEquals(List.of("find com.bskyb.epgui2",
                "startFromBundle com.bskyb.epgui2 /containers/myBundle command /usr/mySocket"), memory.calls());
    }

    @Test
    void c1_6_startContainerFromDobbySpec() {
        // Row 6 (docs/plugins-api.md#acceptance-rows) sends the string "/containers/dobbySpec"; issue 3 makes a spec
        // that is not an object an error (see failures below), so the row is run with the spec as JSON text, which the
        // seed also accepts.
        String spec = "{\"version\":\"1.0\",\"args\":[\"sleep\",\"60\"],\"user\":{\"uid\":1000,\"gid\":1000},\"memLimit\":41943040}";
        assertEquals(ok("{\"descriptor\":734,\"success\":true}"), call("startContainerFromDobbySpec",
                "{\"containerId\": \"sleepy\", \"dobbySpec\":" + new ObjectMapper().valueToTree(spec)
                        + ",\"command\":\"command\", \"westerosSocket\":\"/usr/mySocket\"}"));
        assertEquals(List.of("find sleepy", "startFromSpec sleepy " + spec + " command"), memory.calls());
        assertEquals(ok("{\"descriptor\":879,\"success\":true}"), call("startContainerFromDobbySpec",
                "{\"containerId\": \"sleepy2\", \"dobbySpec\":" + spec + "}"));
    }

    @Test
    void c1_7_stopContainer() {
        assertEquals(ok("{\"success\":true}"), call("stopContainer", "{\"containerId\": \"com.bskyb.epgui\", \"force\":true}"));
        assertEquals(List.of("find com.bskyb.epgui", "stop com.bskyb.epgui true"), memory.calls());
        assertEquals(ok("{\"success\":true}"), call("stopContainer", "{\"containerId\":\"Netflix\",\"force\":\"true\"}"));
        assertEquals("stop Netflix false", memory.calls().get(3));
    }

    @Test
    void c1_8_9_pauseAndResume() {
        assertEquals(ok("{\"success\":true}"), call("pauseContainer", "{\"containerId\": \"com.bskyb.epgui\"}"));
        assertEquals(ok("{\"containerId\":\"com.bskyb.epgui\",\"state\":\"Paused\",\"success\":true}"),
                call("getContainerState", "{\"containerId\":\"com.bskyb.epgui\"}"));
        assertEquals(ok("{\"success\":true}"), call("resumeContainer", "{\"containerId\": \"com.bskyb.epgui\"}"));
        assertEquals(List.of("find com.bskyb.epgui", "pause com.bskyb.epgui", "find com.bskyb.epgui",
                "state com.bskyb.epgui", "find com.bskyb.epgui", "resume com.bskyb.epgui"), memory.calls());
    }

    @Test
    void c1_10_executeCommand() {
        assertEquals(ok("{\"success\":true}"), call("executeCommand",
                "{\"containerId\": \"com.bskyb.epgui\", \"options\":\"--cwd=PATH\", \"command\":\"/bin/sleep 5\"}"));
        assertEquals(List.of("find com.bskyb.epgui", "exec com.bskyb.epgui [--cwd=PATH] [/bin/sleep 5]"),
                memory.calls());
        call("executeCommand", "{\"containerId\":\"91\",\"command\":\"ls\"}");
        assertEquals(List.of("list", "exec com.bskyb.epgui [] [ls]"), memory.calls().subList(2, 4),
                "a descriptor is found in the list");
    }

    // ---- the additional methods ----

    @Test
    void hibernateWakeupAnnotateMount() {
        assertEquals(ok("{\"success\":true}"), call("hibernateContainer", "{\"containerId\":\"Netflix\"}"));
        assertEquals(ok("{\"containerId\":\"Netflix\",\"state\":\"Hibernated\",\"success\":true}"),
                call("getContainerState", "{\"containerId\":\"Netflix\"}"));
        assertEquals(ok("{\"success\":true}"), call("wakeupContainer", "{\"containerId\":\"Netflix\"}"));
        assertEquals(ok("{\"success\":true}"), call("annotate", "{\"containerId\":\"Netflix\",\"key\":\"k\",\"value\":\"v\"}"));
        assertEquals(ok("{\"success\":true}"), call("removeAnnotation", "{\"containerId\":\"Netflix\",\"key\":\"k\"}"));
        assertEquals(failed("no annotation 'k'"), call("removeAnnotation", "{\"containerId\":\"Netflix\",\"key\":\"k\"}"));
        assertEquals(ok("{\"success\":true}"), call("mount",
                "{\"containerId\":\"Netflix\",\"source\":\"/data\",\"target\":\"/mnt/data\",\"type\":\"bind\",\"options\":\"ro,nosuid\"}"));
        assertTrue(memory.calls().contains("mount Netflix /data /mnt/data [bind, ro, nosuid]"), memory.calls().toString());
        assertEquals(ok("{\"success\":true}"), call("unmount", "{\"containerId\":\"Netflix\",\"target\":\"/mnt/data\"}"));
    }

    @Test
    void annotationsAreLimitedBeforeTheProviderStoresThem() {
        String value = "v".repeat(4096);
        for (int i = 0; i < 64; i++) {
            assertEquals(ok("{\"success\":true}"), call("annotate",
                    "{\"containerId\":\"Netflix\",\"key\":\"k" + i + "\",\"value\":\"" + value + "\"}"));
        }
        assertEquals(failed("container 'Netflix' already has 64 annotations, the most allowed (64); remove one first"),
                call("annotate", "{\"containerId\":\"Netflix\",\"key\":\"k64\",\"value\":\"v\"}"));
        assertEquals(ok("{\"success\":true}"), call("annotate",
                "{\"containerId\":\"Netflix\",\"key\":\"k0\",\"value\":\"replaced\"}"));
        assertEquals(failed("the annotation key is 258 bytes long; at most 256 are allowed"), call("annotate",
                "{\"containerId\":\"Netflix\",\"key\":\"" + "é".repeat(129) + "\",\"value\":\"v\"}"));
        assertEquals(failed("'value' is longer than 4096 characters"), call("annotate",
                "{\"containerId\":\"Netflix\",\"key\":\"k1\",\"value\":\"" + value + "v\"}"));
        assertEquals(failed("the annotation value is 4098 bytes long; at most 4096 are allowed"), call("annotate",
                "{\"containerId\":\"Netflix\",\"key\":\"k1\",\"value\":\"" + "é".repeat(2049) + "\"}"));
        assertEquals(65, memory.calls().stream().filter(c -> c.startsWith("annotate Netflix ")).count(),
                "only the accepted ones reached the provider");
    }

    @Test
    void configuredAnnotationLimitsApply() {
        plugin.activate(Converters.standardConverter().convert(Map.of("maxAnnotations", 1))
                .to(OciContainerConfig.class));
        define(); // the API as the host defines it after activation
        assertEquals(ok("{\"success\":true}"), call("annotate", "{\"containerId\":\"Netflix\",\"key\":\"a\",\"value\":\"1\"}"));
        assertEquals(failed("container 'Netflix' already has 1 annotations, the most allowed (1); remove one first"),
                call("annotate", "{\"containerId\":\"Netflix\",\"key\":\"b\",\"value\":\"2\"}"));
    }

    // ---- failures: ERROR_GENERAL with a reason, and nothing reaches the provider for bad input ----

    @Test
    void badInputNeverReachesTheProvider() {
        assertEquals(failed("'containerId' is required"), call("getContainerState", null));
        assertEquals(failed("'containerId' is required"), call("getContainerState", "[1]"));
        assertEquals(failed("'containerId' must be a string, not number"), call("getContainerState", "{\"containerId\":91}"));
        assertEquals(failed("'containerId' must not be empty"), call("stopContainer", "{\"containerId\":\"\"}"));
        assertEquals(failed("'containerId' is longer than 4096 characters"),
                call("stopContainer", "{\"containerId\":\"" + "a".repeat(5000) + "\"}"));
        assertEquals(failed("'containerId' is neither a valid container id nor a descriptor: '../etc'"),
                call("pauseContainer", "{\"containerId\":\"../etc\"}"));
        assertTrue(call("startContainer", "{\"containerId\":\"a/b\",\"bundlePath\":\"/x\"}").contains("invalid container id 'a\\/b'"));
        assertEquals(failed("'bundlePath' must be an absolute path: 'containers/x'"),
                call("startContainer", "{\"containerId\":\"x\",\"bundlePath\":\"containers/x\"}"));
        assertEquals(failed("'bundlePath' must not contain '.' or '..' segments: '/containers/../etc'"),
                call("startContainer", "{\"containerId\":\"x\",\"bundlePath\":\"/containers/../etc\"}"));
        assertEquals(failed("'bundlePath' is required"), call("startContainer", "{\"containerId\":\"x\"}"));
        assertEquals(failed("'westerosSocket' must be an absolute path: 'sock'"),
                call("startContainer", "{\"containerId\":\"x\",\"bundlePath\":\"/b\",\"westerosSocket\":\"sock\"}"));
        assertEquals(failed("'command' must be a string, not number"),
                call("startContainer", "{\"containerId\":\"x\",\"bundlePath\":\"/b\",\"command\":5}"));
        assertEquals(failed("'dobbySpec' is a string but not the JSON text of an object"),
                call("startContainerFromDobbySpec", "{\"containerId\":\"x\",\"dobbySpec\":\"/containers/dobbySpec\"}"));
        assertEquals(failed("'dobbySpec' must be a JSON object (or the JSON text of one)"),
                call("startContainerFromDobbySpec", "{\"containerId\":\"x\",\"dobbySpec\":[1]}"));
        assertEquals(failed("'command' is required"), call("executeCommand", "{\"containerId\":\"Netflix\"}"));
        assertEquals(List.of(), memory.calls());
    }

    @Test
    void providerFailures() {
        assertEquals(failed("no container 'nobody'"), call("getContainerState", "{\"containerId\":\"nobody\"}"));
        assertEquals(failed("no container '7'"), call("getContainerInfo", "{\"containerId\":\"7\"}"));
        assertEquals(failed("a container with id 'Netflix' exists"),
                call("startContainer", "{\"containerId\":\"Netflix\",\"bundlePath\":\"/b\"}"));
        call("pauseContainer", "{\"containerId\":\"Netflix\"}");
        assertEquals(failed("container 'Netflix' is paused, not running"), call("pauseContainer", "{\"containerId\":\"Netflix\"}"));
        assertEquals(failed("exec needs a running container"),
                call("executeCommand", "{\"containerId\":\"Netflix\",\"command\":\"ls\"}"));
        memory.put(95, "broken", ContainerState.RUNNING);
        assertEquals(failed("the provider returned no valid info for the container"),
                call("getContainerInfo", "{\"containerId\":\"broken\"}"));
    }

    @Test
    void noProviderIsTheNotActiveError() {
        plugin.unbindRuntime(memory);
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":3,\"error\":{\"code\":2,\"message\":\"Service is not active\",\"data\":\""
                + Providers.NO_PROVIDER + "\"}}", call("listContainers", null));
    }

    @Test
    void aCallDuringAProviderReplacementIsServedByTheNextProvider() throws Exception {
        plugin.unbindRuntime(memory);
        InMemoryRuntime next = new InMemoryRuntime();
        java.util.concurrent.CompletableFuture<String> answer =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> call("listContainers", null));
        plugin.bindRuntime(next, Map.of());
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{\"containers\":[],\"success\":true}}",
                answer.get(10, java.util.concurrent.TimeUnit.SECONDS));
    }

    // ---- events ----

    @Test
    void eventsAsTheRealPluginSendsThem() {
        call("register", "{\"event\":\"onContainerStarted\",\"id\":\"client.events\"}");
        call("register", "{\"event\":\"onContainerStopped\",\"id\":\"client.events\"}");
        call("register", "{\"event\":\"onContainerStateChanged\",\"id\":\"client.events\"}");
        call("register", "{\"event\":\"onContainerHibernated\",\"id\":\"1\"}");
        call("register", "{\"event\":\"onContainerAwoken\",\"id\":\"1\"}");
        call("startContainer", "{\"containerId\":\"sleepy\",\"bundlePath\":\"/b\"}");
        call("hibernateContainer", "{\"containerId\":\"sleepy\"}");
        call("wakeupContainer", "{\"containerId\":\"sleepy\"}");
        memory.exit("sleepy", 256);
        assertEquals(List.of(
                "{\"jsonrpc\":\"2.0\",\"method\":\"client.events.onContainerStateChanged\",\"params\":{\"containerId\":\"sleepy\",\"state\":\"Running\"}}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"client.events.onContainerStarted\",\"params\":{\"descriptor\":\"734\",\"name\":\"sleepy\"}}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"client.events.onContainerStateChanged\",\"params\":{\"containerId\":\"sleepy\",\"state\":\"Hibernated\"}}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"1.onContainerHibernated\",\"params\":{\"descriptor\":\"734\",\"name\":\"sleepy\"}}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"client.events.onContainerStateChanged\",\"params\":{\"containerId\":\"sleepy\",\"state\":\"Running\"}}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"1.onContainerAwoken\",\"params\":{\"descriptor\":\"734\",\"name\":\"sleepy\"}}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"client.events.onContainerStateChanged\",\"params\":{\"containerId\":\"sleepy\",\"state\":\"Stopped\"}}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"client.events.onContainerStopped\",\"params\":{\"descriptor\":\"734\",\"name\":\"sleepy\"}}"),
                events);
    }

    @Test
    void eventsOfAProviderThatIsNotBoundOrNoLongerBoundAreNotHeard() throws Exception {
        call("register", "{\"event\":\"onContainerStarted\",\"id\":\"c\"}");
        InMemoryRuntime other = new InMemoryRuntime("other");
        call("startContainer", "{\"containerId\":\"mine\",\"bundlePath\":\"/b\"}");
        other.startFromBundle(new io.ociplane.oci.api.BundleStart("theirs", "/b", null, null, null, null, null));
        plugin.bindRuntime(other, Map.of("service.id", 9L, "service.ranking", -200));
        plugin.unbindRuntime(other);
        other.startFromBundle(new io.ociplane.oci.api.BundleStart("later", "/b", null, null, null, null, null));
        assertEquals(1, events.size(), events.toString());
        assertTrue(events.get(0).contains("\"name\":\"mine\""));
    }

    // ---- every provider's containers (no container is stranded on a provider that is not the preferred) ----

    @Test
    void aContainerOfALowerProviderStaysListedStoppableAndTellsItsEventsWhenABetterOneArrives() throws Exception {
        call("register", "{\"event\":\"onContainerStarted\",\"id\":\"c\"}");
        call("register", "{\"event\":\"onContainerStopped\",\"id\":\"c\"}");
        InMemoryRuntime dobby = new InMemoryRuntime("dobby");
        dobby.put(12, "fromBefore", ContainerState.RUNNING);
        plugin.bindRuntime(dobby, Map.of("service.id", 20L, "service.ranking", 200));
        assertEquals(ok("{\"containers\":[{\"Descriptor\":12,\"Id\":\"fromBefore\"},"
                + "{\"Descriptor\":91,\"Id\":\"com.bskyb.epgui\"},{\"Descriptor\":94,\"Id\":\"Netflix\"}],"
                + "\"success\":true}"), call("listContainers", null));
        assertEquals(ok("{\"containerId\":\"Netflix\",\"state\":\"Running\",\"success\":true}"),
                call("getContainerState", "{\"containerId\":\"Netflix\"}"));
        assertEquals(ok("{\"descriptor\":734,\"success\":true}"),
                call("startContainer", "{\"containerId\":\"new\",\"bundlePath\":\"/b\"}"));
        assertTrue(dobby.calls().contains("startFromBundle new /b null null"), "a start goes to the preferred");
        assertEquals(failed("a container with id 'Netflix' exists"),
                call("startContainer", "{\"containerId\":\"Netflix\",\"bundlePath\":\"/b\"}"));
        assertEquals(ok("{\"success\":true}"), call("stopContainer", "{\"containerId\":\"Netflix\"}"));
        assertTrue(memory.calls().contains("stop Netflix false"), "stopped through the provider that runs it");
        assertEquals(List.of(
                "{\"jsonrpc\":\"2.0\",\"method\":\"c.onContainerStarted\",\"params\":{\"descriptor\":\"734\",\"name\":\"new\"}}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"c.onContainerStopped\",\"params\":{\"descriptor\":\"94\",\"name\":\"Netflix\"}}"),
                events);

        plugin.unbindRuntime(dobby); // the better provider leaves: its containers go with it, the others stay
        assertEquals(ok("{\"containers\":[{\"Descriptor\":91,\"Id\":\"com.bskyb.epgui\"}],\"success\":true}"),
                call("listContainers", null));
    }

    @Test
    void aContainerOfAProviderThatMirrorsAnotherIsServedOnce() throws Exception {
        call("register", "{\"event\":\"onContainerStopped\",\"id\":\"c\"}");
        InMemoryRuntime mirror = new InMemoryRuntime("dobby");
        mirror.put(734, "com.bskyb.epgui", ContainerState.RUNNING);
        plugin.bindRuntime(memory, Map.of("service.id", 5L, "service.ranking", -100)); // as DS would name it
        plugin.unbindRuntime(memory);
        plugin.bindRuntime(memory, Map.of("service.id", 5L, "service.ranking", -100));
        plugin.bindRuntime(mirror, Map.of("service.id", 6L, "service.ranking", 200, "ociplane.mirrors", 5L));
        assertEquals(ok("{\"containers\":[{\"Descriptor\":734,\"Id\":\"com.bskyb.epgui\"}],\"success\":true}"),
                call("listContainers", null));
        memory.exit("Netflix", 0); // heard through the mirror only (this one has no Netflix)
        mirror.exit("com.bskyb.epgui", 0);
        assertEquals(List.of(
                "{\"jsonrpc\":\"2.0\",\"method\":\"c.onContainerStopped\",\"params\":{\"descriptor\":\"734\",\"name\":\"com.bskyb.epgui\"}}"),
                events);
    }
}
