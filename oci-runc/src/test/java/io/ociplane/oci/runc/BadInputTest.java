package io.ociplane.oci.runc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ociplane.oci.api.BundleStart;
import io.ociplane.oci.api.ContainerEvent;
import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerException.Reason;
import io.ociplane.oci.api.MountRequest;
import io.ociplane.oci.api.SpecStart;

/** Every bad input gets a clear error and leaves nothing behind. */
class BadInputTest extends RealContainerTestBase {

    private static final String SPEC = """
            {"version":"1.0","args":["sleep","60"],"user":{"uid":1000,"gid":1000},"memLimit":41943040}""";

    private BundleStart bundle(String id, String path) {
        return new BundleStart(id, path, null, null, List.of(), null, null);
    }

    private void assertRefused(Reason reason, String messagePart, Executable call) throws Exception {
        ContainerException e = assertThrows(ContainerException.class, call);
        assertEquals(reason, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains(messagePart), "'" + e.getMessage() + "' lacks '" + messagePart + "'");
        assertNoLeftovers();
    }

    @Test
    void badBundles() throws Exception {
        Path empty = Files.createDirectory(tmp.resolve("empty"));
        Path broken = Files.createDirectories(tmp.resolve("broken/rootfs"));
        Files.writeString(broken.resolveSibling("config.json"), "{\"ociVersion\": ");
        Path noArgs = bundles.bundle(tmp.resolve("noargs"), "/bin/true");
        ObjectNode c = bundles.config(noArgs);
        c.withObjectProperty("process").remove("args");
        bundles.writeConfig(noArgs, c);
        Path plugins = bundles.bundle(tmp.resolve("plugins"), "/bin/true");
        c = bundles.config(plugins);
        c.putObject("rdkPlugins").putObject("networking");
        bundles.writeConfig(plugins, c);

        assertRefused(Reason.INVALID_ARGUMENT, "does not exist", () -> runtime.startFromBundle(
                bundle("b1", tmp.resolve("missing").toString())));
        assertRefused(Reason.INVALID_ARGUMENT, "absolute", () -> runtime.startFromBundle(bundle("b1", "rel/dir")));
        assertRefused(Reason.INVALID_ARGUMENT, "'..'", () -> runtime.startFromBundle(bundle("b1", tmp + "/../x")));
        assertRefused(Reason.INVALID_ARGUMENT, "empty/config.json' does not exist", () -> runtime.startFromBundle(
                bundle("b1", empty.toString())));
        assertRefused(Reason.INVALID_ARGUMENT, "not valid JSON", () -> runtime.startFromBundle(
                bundle("b1", broken.getParent().toString())));
        assertRefused(Reason.INVALID_ARGUMENT, "process.args", () -> runtime.startFromBundle(
                bundle("b1", noArgs.toString())));
        assertRefused(Reason.INVALID_ARGUMENT, "[networking]", () -> runtime.startFromBundle(
                bundle("b1", plugins.toString())));
        assertRefused(Reason.INVALID_ARGUMENT, "KEY=VALUE", () -> runtime.startFromBundle(new BundleStart("b1",
                noArgs.toString(), "/bin/true", null, List.of("NOEQUALS"), null, null)));
        assertRefused(Reason.INVALID_ARGUMENT, "does not exist", () -> runtime.startFromBundle(new BundleStart(
                "b1", noArgs.toString(), "/bin/true", tmp.resolve("nosocket").toString(), List.of(), null, null)));
    }

    @Test
    void badIdsAndDuplicates() throws Exception {
        Path b = bundles.bundle(tmp.resolve("b"), "/bin/sleep", "60");
        for (String id : new String[] { "", "bad id/x", "123", "a..b", "x".repeat(129) }) {
            assertRefused(Reason.INVALID_ARGUMENT, "invalid container id", () -> runtime.startFromBundle(
                    bundle(id, b.toString())));
        }
        String id = newId("dup");
        assertEquals(734, runtime.startFromBundle(bundle(id, b.toString())).descriptor(),
                "refused ids consume no descriptor");
        awaitEvent(ContainerEvent.Type.STARTED, id);
        ContainerException dup = assertThrows(ContainerException.class,
                () -> runtime.startFromBundle(bundle(id, b.toString())));
        assertTrue(dup.getMessage().contains("already exists"), dup.getMessage());
        dup = assertThrows(ContainerException.class,
                () -> runtime.startFromSpec(new SpecStart(id, SPEC, null, null, List.of())));
        assertTrue(dup.getMessage().contains("already exists"), dup.getMessage());
        assertEquals(1, runtime.list().size());
        runtime.stop(id, true);
        awaitEvent(ContainerEvent.Type.STOPPED, id);
        assertNoLeftovers();
    }

    @Test
    void badSpecs() throws Exception {
        for (String spec : new String[] { null, "", "{", "[]", "{\"version\":\"1.0\"}",
                SPEC.replace("\"1.0\"", "1.0"), SPEC.replace("1000,", "0,"), SPEC.replace("41943040", "-1"),
                SPEC.replace("}", ",\"network\":\"bridge\"}"), SPEC.replace("[\"sleep\",\"60\"]", "\"sleep 60\""),
                SPEC.replace("}", ",\"cpu\":{\"cores\":\"0-99\"}}"),
                SPEC.replace("}", ",\"console\":{\"path\":\"x\"}}"),
                SPEC.replace("}", ",\"capabilities\":[\"CAP_SYS_ADMIN\"]}") }) {
            ContainerException e = assertThrows(ContainerException.class,
                    () -> runtime.startFromSpec(new SpecStart("s1", spec, null, null, List.of())), spec);
            assertEquals(Reason.INVALID_ARGUMENT, e.reason(), e.getMessage());
            assertTrue(e.getMessage().length() > 10, e.getMessage());
        }
        // the fields every spec needs, each named (what OCIContainer's callers read in the error's data)
        assertRefused(Reason.INVALID_ARGUMENT, "the Dobby spec needs \"args\": a non-empty array of strings",
                () -> runtime.startFromSpec(new SpecStart("s1", "{\"version\":\"1.0\"}", null, null, List.of())));
        assertRefused(Reason.INVALID_ARGUMENT, "the Dobby spec needs \"version\": \"1.0\" or \"1.1\"",
                () -> runtime.startFromSpec(new SpecStart("s1", SPEC.replace("\"1.0\"", "\"2\""), null, null, List.of())));
        assertRefused(Reason.INVALID_ARGUMENT, "the Dobby spec needs \"user\": {\"uid\": 1..65534, \"gid\": 0..65534}",
                () -> runtime.startFromSpec(new SpecStart("s1", SPEC.replace("1000,", "0,"), null, null, List.of())));
        assertRefused(Reason.INVALID_ARGUMENT, "the Dobby spec needs \"memLimit\": bytes, 1..4294967295",
                () -> runtime.startFromSpec(new SpecStart("s1", SPEC.replace("41943040", "8589934592"), null, null,
                        List.of())));
        assertNoLeftovers();
    }

    @Test
    void aRuntimeFailureIsReportedWithItsMessageAndConsumesADescriptor() throws Exception {
        Path b = bundles.bundle(tmp.resolve("b"), "/no/such/program");
        assertRefused(Reason.PROVIDER_ERROR, "/no/such/program", () -> runtime.startFromBundle(
                bundle(newId("fails"), b.toString())));
        String id = newId("next");
        Path ok = bundles.bundle(tmp.resolve("ok"), "/bin/sleep", "60");
        assertEquals(879, runtime.startFromBundle(bundle(id, ok.toString())).descriptor(),
                "Dobby: the failed start used 734");
        awaitEvent(ContainerEvent.Type.STARTED, id);
        runtime.stop(id, true);
        awaitEvent(ContainerEvent.Type.STOPPED, id);
        assertNoLeftovers();
    }

    @Test
    void badOperationsOnContainers() throws Exception {
        assertRefused(Reason.NOT_FOUND, "no container 'nobody'", () -> runtime.state("nobody"));
        assertRefused(Reason.NOT_FOUND, "no container 'nobody'", () -> runtime.info("nobody"));
        assertRefused(Reason.NOT_FOUND, "no container 'nobody'", () -> runtime.stop("nobody", false));
        assertRefused(Reason.NOT_FOUND, "no container 'nobody'", () -> runtime.exec("nobody", "", "/bin/true"));
        assertRefused(Reason.NOT_FOUND, "no container '../x'", () -> runtime.networkInterfaces("../x"));
        assertEquals(java.util.Optional.empty(), runtime.find(null));

        String id = newId("ops");
        runtime.startFromBundle(bundle(id, bundles.bundle(tmp.resolve("b"), "/bin/sleep", "60").toString()));
        awaitEvent(ContainerEvent.Type.STARTED, id);
        for (String options : new String[] { "--cap CAP_SYS_ADMIN", "--tty", "--privileged", "--cwd", "--cwd rel",
                "--env NOEQ", "-u root;x", "--detach", "--process /x.json" }) {
            ContainerException e = assertThrows(ContainerException.class, () -> runtime.exec(id, options, "/bin/true"));
            assertEquals(Reason.INVALID_ARGUMENT, e.reason(), options + ": " + e.getMessage());
        }
        assertEquals(Reason.INVALID_ARGUMENT, assertThrows(ContainerException.class,
                () -> runtime.exec(id, "", "")).reason());
        assertEquals(Reason.PROVIDER_ERROR, assertThrows(ContainerException.class,
                () -> runtime.exec(id, "", "/no/such/program")).reason());
        assertEquals(Reason.UNSUPPORTED, assertThrows(ContainerException.class,
                () -> runtime.hibernate(id, "")).reason());
        assertEquals(Reason.UNSUPPORTED, assertThrows(ContainerException.class, () -> runtime.wakeup(id)).reason());
        assertEquals(Reason.UNSUPPORTED, assertThrows(ContainerException.class, () -> runtime.mount(id,
                new MountRequest("/tmp", "/mnt", List.of("bind"), ""))).reason());
        assertEquals(Reason.NOT_FOUND, assertThrows(ContainerException.class,
                () -> runtime.removeAnnotation(id, "nokey")).reason());
        runtime.stop(id, true);
        awaitEvent(ContainerEvent.Type.STOPPED, id);
        assertRefused(Reason.NOT_FOUND, "no container '" + id + "'", () -> runtime.exec(id, "", "/bin/true"));
    }
}
