package io.ociplane.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ociplane.jsonrpc.internal.wire.WireProfile;
import io.ociplane.jsonrpc.spi.EventSink;
import io.ociplane.oci.api.ContainerState;
import io.ociplane.oci.memory.InMemoryRuntime;

/** Every method and error of docs/plugins-api.md#containers-api, #containers-errors, through the host's dispatcher. */
class ContainersPluginTest {

    @TempDir
    Path dir;
    private final InMemoryRuntime memory = new InMemoryRuntime();
    private ContainersPlugin plugin;
    private PluginCalls calls;

    static ContainersConfig config(String... paths) {
        return new ContainersConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ContainersConfig.class;
            }

            @Override
            public String[] containerPaths() {
                return paths;
            }

            @Override
            public long replaceTimeoutMillis() {
                return 2000;
            }
        };
    }

    @BeforeEach
    void setUp() throws IOException {
        Path first = dir.resolve("first");
        Path second = dir.resolve("second");
        Files.createDirectories(first.resolve("web/Container"));
        Files.writeString(first.resolve("web/Container/config.json"), "{}");
        Files.createDirectories(second.resolve("web"));
        Files.writeString(second.resolve("web/spec.json"), "{\"shadowed\":true}");
        Files.createDirectories(second.resolve("sleepy"));
        Files.writeString(second.resolve("sleepy/spec.json"), "{\"version\":\"1.0\"}");
        plugin = new ContainersPlugin();
        plugin.activate(config(first.toString(), second.toString(), "relative/ignored"));
        plugin.bindRuntime(memory);
        memory.addListener(plugin);
        calls = new PluginCalls(plugin.define(EventSink.NONE));
    }

    private String call(WireProfile profile, String method, String params) {
        return calls.call(profile, method, params);
    }

    private String reply(WireProfile profile, String method, String params) {
        return calls.reply(profile, method, params);
    }

    private String call(String method, String params) {
        return call(WireProfile.R4, method, params);
    }

    private static final String OK_NULL = "{\"jsonrpc\":\"2.0\",\"id\":42,\"result\":null}";
    private static final String UNAVAILABLE = "{\"jsonrpc\":\"2.0\",\"id\":42,\"error\":{\"code\":2,\"message\":\"ERROR_UNAVAILABLE\"}}";

    @Test
    void startFindsTheBundleFirstAndBuildsTheCommand() {
        assertEquals(OK_NULL, call("start", "{\"name\":\"web\",\"command\":\"lsof\",\"parameters\":[\"-i\"]}"));
        assertEquals(List.of("list", "startFromBundle web " + dir.resolve("first/web/Container") + " /usr/bin/lsof -i null"),
                memory.calls());
    }

    @Test
    void startFromSpecWithAbsoluteCommand() {
        assertEquals(OK_NULL, call("start", "{\"name\":\"sleepy\",\"command\":\"/bin/sleep\",\"parameters\":[\"60\"]}"));
        assertEquals(List.of("list", "startFromSpec sleepy {\"version\":\"1.0\"} /bin/sleep 60"), memory.calls());
    }

    @Test
    void startWithoutCommandKeepsTheContainersOwn() {
        assertEquals(OK_NULL, call("start", "{\"name\":\"sleepy\"}"));
        assertEquals("startFromSpec sleepy {\"version\":\"1.0\"} null", memory.calls().get(1));
    }

    @Test
    void startReplacesARunningContainerOfTheSameName() {
        memory.put(91, "web", ContainerState.RUNNING, null);
        assertEquals(OK_NULL, call("start", "{\"name\":\"web\"}"));
        assertEquals(List.of("list", "stop 91 true"), memory.calls().subList(0, 2));
        assertTrue(memory.calls().get(2).startsWith("startFromBundle web "));
    }

    @Test
    void unknownAndHostileNamesAreUnavailableAndReachNothing() {
        for (String name : List.of("nothere", "", "../first/web", "/etc", "web/Container", "a".repeat(200), "..")) {
            assertEquals(UNAVAILABLE, call("start", "{\"name\":\"" + name + "\"}"), name);
        }
        assertEquals(UNAVAILABLE, call("start", null));
        assertEquals(UNAVAILABLE, call("start", "{\"name\":5}"));
        assertEquals(List.of(), memory.calls());
    }

    @Test
    void aSpecFileThatLinksElsewhereIsRefusedWithoutItsContent() throws IOException {
        Path secret = Files.writeString(dir.resolve("secret"), "TOPSECRET-4711");
        Files.setPosixFilePermissions(secret, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Path spec = dir.resolve("second/sleepy/spec.json");
        Files.delete(spec);
        Files.createSymbolicLink(spec, secret);
        String reply = reply(WireProfile.R4, "start", "{\"name\":\"sleepy\"}");
        assertTrue(reply.contains("\"code\":1") && reply.contains("is a symbolic link: refused"), reply);
        assertFalse(reply.contains("TOPSECRET"), reply);
        Files.delete(spec);
        Files.writeString(spec, "{}");
        Files.setPosixFilePermissions(spec, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
        assertTrue(reply(WireProfile.R4, "start", "{\"name\":\"sleepy\"}").contains("writable by nobody else"));
        assertEquals(List.of("list", "list"), memory.calls(), "nothing reached the provider's start");
    }

    @Test
    void runtimeFailureIsGeneral() {
        memory.put(1, "other", ContainerState.RUNNING, null);
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":42,\"error\":{\"code\":1,\"message\":\"ERROR_GENERAL\"}}",
                call("start", "{\"name\":\"web\",\"command\":\"x\",\"parameters\":[1]}"));
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":42,\"error\":{\"code\":-31001,\"message\":\"ERROR_GENERAL\"}}",
                call(WireProfile.R5, "start", "{\"name\":\"web\",\"command\":\"x\",\"parameters\":[1]}"));
    }

    @Test
    void stop() {
        memory.put(91, "sleepy", ContainerState.RUNNING, null);
        assertEquals(OK_NULL, call("stop", "{\"name\":\"sleepy\"}"));
        assertEquals(List.of("list", "stop 91 false"), memory.calls());
        assertEquals(UNAVAILABLE, call("stop", "{\"name\":\"sleepy\"}"));
        assertEquals(UNAVAILABLE, call("stop", "{}"));
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":42,\"error\":{\"code\":-31002,\"message\":\"The service is not active.\"}}",
                call(WireProfile.R5, "stop", "{\"name\":\"gone\"}"));
    }

    @Test
    void containersListsEveryContainerOfTheProvider() {
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":42,\"result\":[]}", call("containers", null));
        memory.put(91, "a", ContainerState.RUNNING, null);
        memory.put(94, "b", ContainerState.PAUSED, null);
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":42,\"result\":[\"a\",\"b\"]}", call("containers", null));
        assertEquals(UNAVAILABLE, call("containers", "{}"));
    }

    @Test
    void propertiesOfUnknownContainersCarryTheEmptyResultAsMessage() {
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":42,\"error\":{\"code\":2,\"message\":\"{}\"}}", call("memory@x", null));
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":42,\"error\":{\"code\":2,\"message\":\"{}\"}}", call("cpu@x", null));
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":42,\"error\":{\"code\":2,\"message\":\"[]\"}}", call("networks@x", null));
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":42,\"error\":{\"code\":2,\"message\":\"{}\"}}", call("memory", null));
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":42,\"error\":{\"code\":-31002,\"message\":\"{}\"}}",
                call(WireProfile.R5, "memory@x", null));
        assertEquals(UNAVAILABLE, call("memory@x", "{}"));
    }

    @Test
    void figuresOfARealProcess() {
        int self = (int) ProcessHandle.current().pid();
        memory.put(91, "me", ContainerState.RUNNING, null);
        memory.setPids("me", List.of(self));
        String memoryReply = call("memory@me", null);
        assertTrue(memoryReply.matches("\\{\"jsonrpc\":\"2.0\",\"id\":42,\"result\":\\{\"allocated\":\\d+,\"resident\":\\d+,\"shared\":\\d+}}"), memoryReply);
        String cpuReply = call("cpu@me", null);
        assertTrue(cpuReply.startsWith("{\"jsonrpc\":\"2.0\",\"id\":42,\"result\":{\"total\":"), cpuReply);
        String net = call("networks@me", null);
        assertTrue(net.contains("{\"interface\":\"lo\",\"ips\":[\"127.0.0.1\""), net);
    }

    @Test
    void noProviderIsNotActive() {
        plugin.unbindRuntime(memory);
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":42,\"error\":{\"code\":2,\"message\":\"Service is not active\"}}",
                call("containers", null));
    }
}
