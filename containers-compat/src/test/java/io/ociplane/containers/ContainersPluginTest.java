package io.ociplane.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.util.converter.Converters;

import io.ociplane.jsonrpc.internal.wire.WireProfile;
import io.ociplane.jsonrpc.spi.EventSink;
import io.ociplane.oci.api.ContainerInfo;
import io.ociplane.oci.api.ContainerInfo.CpuUsage;
import io.ociplane.oci.api.ContainerInfo.MemoryUsage;
import io.ociplane.oci.api.ContainerState;
import io.ociplane.oci.memory.InMemoryRuntime;

/** Every method and error of docs/plugins-api.md#containers-api, #containers-errors, through the host's dispatcher. */
class ContainersPluginTest {

    @TempDir
    Path dir;
    private final InMemoryRuntime memory = new InMemoryRuntime();
    private ContainersPlugin plugin;
    private PluginCalls calls;

    /** The plugin's configuration with these container paths and a 2 s replace timeout, made as DS makes it. */
    static ContainersConfig config(String... paths) {
        return Converters.standardConverter().convert(Map.of("containerPaths", paths, "replaceTimeoutMillis", 2000))
                .to(ContainersConfig.class);
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
        plugin.bindRuntime(memory, Map.of());
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
        assertEquals(List.of("find web", "startFromBundle web " + dir.resolve("first/web/Container") + " /usr/bin/lsof -i null"),
                memory.calls());
    }

    @Test
    void startFromSpecWithAbsoluteCommand() {
        assertEquals(OK_NULL, call("start", "{\"name\":\"sleepy\",\"command\":\"/bin/sleep\",\"parameters\":[\"60\"]}"));
        assertEquals(List.of("find sleepy", "startFromSpec sleepy {\"version\":\"1.0\"} /bin/sleep 60"), memory.calls());
    }

    @Test
    void startWithoutCommandKeepsTheContainersOwn() {
        assertEquals(OK_NULL, call("start", "{\"name\":\"sleepy\"}"));
        assertEquals("startFromSpec sleepy {\"version\":\"1.0\"} null", memory.calls().get(1));
    }

    @Test
    void startReplacesARunningContainerOfTheSameName() {
        memory.put(91, "web", ContainerState.RUNNING);
        assertEquals(OK_NULL, call("start", "{\"name\":\"web\"}"));
        assertEquals(List.of("find web", "stop web true"), memory.calls().subList(0, 2));
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
        assertEquals(List.of("find sleepy", "find sleepy"), memory.calls(), "nothing reached the provider's start");
    }

    @Test
    void runtimeFailureIsGeneral() {
        memory.put(1, "other", ContainerState.RUNNING);
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":42,\"error\":{\"code\":1,\"message\":\"ERROR_GENERAL\"}}",
                call("start", "{\"name\":\"web\",\"command\":\"x\",\"parameters\":[1]}"));
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":42,\"error\":{\"code\":-31001,\"message\":\"ERROR_GENERAL\"}}",
                call(WireProfile.R5, "start", "{\"name\":\"web\",\"command\":\"x\",\"parameters\":[1]}"));
    }

    @Test
    void stop() {
        memory.put(91, "sleepy", ContainerState.RUNNING);
        assertEquals(OK_NULL, call("stop", "{\"name\":\"sleepy\"}"));
        assertEquals(List.of("find sleepy", "stop sleepy false"), memory.calls());
        assertEquals(UNAVAILABLE, call("stop", "{\"name\":\"sleepy\"}"));
        assertEquals(UNAVAILABLE, call("stop", "{}"));
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":42,\"error\":{\"code\":-31002,\"message\":\"The service is not active.\"}}",
                call(WireProfile.R5, "stop", "{\"name\":\"gone\"}"));
    }

    @Test
    void containersListsEveryContainerOfTheProvider() {
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":42,\"result\":[]}", call("containers", null));
        memory.put(91, "a", ContainerState.RUNNING);
        memory.put(94, "b", ContainerState.PAUSED);
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

    private static final String RESULT = "{\"jsonrpc\":\"2.0\",\"id\":42,\"result\":";

    @Test
    void figuresAreWhatTheProviderReads() {
        memory.put(91, "me", ContainerState.RUNNING);
        memory.setPids("me", List.of(4242));
        assertEquals(RESULT + "{\"allocated\":0,\"resident\":0,\"shared\":0}}", call("memory@me", null));
        assertEquals(RESULT + "{\"total\":0,\"cores\":[0]}}", call("cpu@me", null));
        assertEquals(RESULT + "[{\"interface\":\"lo\",\"ips\":[\"127.0.0.1\",\"::1\"]}]}", call("networks@me", null));
        assertEquals(List.of("find me", "info me", "find me", "info me", "find me", "networks me"), memory.calls());
    }

    /** What CgroupStats turned cgroup files into, now from the typed figures of any provider. */
    @Test
    void coresAreSummedAndWhatCannotBeReadIsUint64Max() {
        memory.put(91, "v1", ContainerState.RUNNING);
        memory.setInfo("v1", new ContainerInfo("v1", ContainerState.RUNNING, 1, new CpuUsage(3000000099L,
                List.of(100L, 3000000000L)), new MemoryUsage(-1L, 5000000L, 6000000L, 0L, 4000000L, 12288L),
                List.of(42), List.of(), Map.of()));
        assertEquals(RESULT + "{\"allocated\":5000000,\"resident\":4000000,\"shared\":12288}}", call("memory@v1", null));
        assertEquals(RESULT + "{\"total\":3000000100,\"cores\":[100,3000000000]}}", call("cpu@v1", null));

        memory.put(92, "v2", ContainerState.RUNNING); // cgroup v2: no per-core figures
        memory.setInfo("v2", new ContainerInfo("v2", ContainerState.RUNNING, 1, new CpuUsage(1500000L, null),
                new MemoryUsage(-1L, 81920L, null, null, 40960L, 4096L), List.of(7), List.of(), Map.of()));
        assertEquals(RESULT + "{\"total\":1500000}}", call("cpu@v2", null));
        assertEquals(RESULT + "{\"allocated\":81920,\"resident\":40960,\"shared\":4096}}", call("memory@v2", null));

        memory.put(93, "gone", ContainerState.RUNNING); // its cgroup went: nothing could be read
        memory.setInfo("gone", new ContainerInfo("gone", ContainerState.RUNNING, 1, new CpuUsage(null, null),
                MemoryUsage.UNKNOWN, List.of(8), List.of(), Map.of()));
        assertEquals(RESULT + "{\"allocated\":18446744073709551615,\"resident\":18446744073709551615,"
                + "\"shared\":18446744073709551615}}", call("memory@gone", null));
        assertEquals(RESULT + "{\"total\":0}}", call("cpu@gone", null));
    }

    @Test
    void aContainerWithoutAProcessHasNoFigures() {
        memory.put(91, "empty", ContainerState.RUNNING); // no pids: nothing to measure
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":42,\"error\":{\"code\":2,\"message\":\"{}\"}}", call("memory@empty", null));
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":42,\"error\":{\"code\":2,\"message\":\"{}\"}}", call("cpu@empty", null));
    }

    /** A container of a provider that is not the preferred is served as well (docs/plugins-api.md). */
    @Test
    void everyProvidersContainersAreListedStartedOnThePreferredAndStoppedWhereTheyRun() {
        memory.put(91, "sleepy", ContainerState.RUNNING);
        InMemoryRuntime preferred = new InMemoryRuntime("preferred");
        preferred.put(12, "other", ContainerState.RUNNING);
        plugin.bindRuntime(preferred, Map.of("service.id", 2L, "service.ranking", 200));
        assertEquals(RESULT + "[\"other\",\"sleepy\"]}", call("containers", null));
        assertEquals(OK_NULL, call("start", "{\"name\":\"web\"}"));
        assertTrue(preferred.calls().contains("startFromBundle web " + dir.resolve("first/web/Container") + " null null"),
                preferred.calls().toString());
        assertEquals(OK_NULL, call("start", "{\"name\":\"sleepy\"}")); // replaced: stopped where it ran first
        assertTrue(memory.calls().contains("stop sleepy true"), memory.calls().toString());
        assertTrue(preferred.calls().stream().anyMatch(c -> c.startsWith("startFromSpec sleepy ")));
        memory.put(95, "left", ContainerState.RUNNING);
        assertEquals(OK_NULL, call("stop", "{\"name\":\"left\"}"));
        assertEquals("stop left false", memory.calls().get(memory.calls().size() - 1));
    }

    @Test
    void noProviderIsNotActive() {
        plugin.unbindRuntime(memory);
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":42,\"error\":{\"code\":2,\"message\":\"Service is not active\"}}",
                call("containers", null));
    }
}
