package io.ociplane.oci.dobby.client;

import static io.ociplane.oci.dobby.testing.DobbyRig.assertReason;
import static io.ociplane.testing.DobbySpecs.SLEEPING;
import static io.ociplane.testing.dobby.RawCaller.first;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.freedesktop.dbus.messages.Error;
import org.freedesktop.dbus.messages.Message;
import org.freedesktop.dbus.messages.MethodCall;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import io.ociplane.oci.api.BundleStart;
import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerException.Reason;
import io.ociplane.oci.api.ContainerRuntime;
import io.ociplane.oci.api.ContainerState;
import io.ociplane.oci.api.SpecStart;
import io.ociplane.oci.dobby.bus.DBusErrors;
import io.ociplane.oci.dobby.bus.DobbyNames;
import io.ociplane.oci.dobby.testing.DobbyRig;
import io.ociplane.testing.dobby.BusMessages;
import io.ociplane.testing.dobby.BusMonitor;
import io.ociplane.testing.dobby.RawCaller;
import io.ociplane.testing.junit.PrivateBusPerClass;

/**
 * Issue 15, item 1: Dobby's GetInfo (and Annotate, RemoveAnnotation) of a container without RDK plugins kills the
 * daemon (docs/dobby-dbus.md#defects). The daemon here is the Dobby-compatible service in a process of its own,
 * crashing exactly there, as the spec describes the daemon; the client must never send it such a call, and still
 * answer the containers it may ask about.
 */
class GetInfoCrashTest {

    private static final long WAIT = 10_000;
    private static final Set<String> FATAL = Set.of("GetInfo", "Annotate", "RemoveAnnotation");

    @RegisterExtension
    static final PrivateBusPerClass BUS = new PrivateBusPerClass();

    @RegisterExtension
    final DobbyRig rig = new DobbyRig(BUS.bus());

    @TempDir
    Path tmp;
    @AutoClose
    private BusMonitor monitor;
    @AutoClose
    private RawCaller raw;

    /** A bundle as the README's example: an OCI config, with or without an rdkPlugins section. */
    private String bundle(String name, boolean rdkPlugins) throws Exception {
        Path dir = Files.createDirectory(tmp.resolve(name));
        Files.writeString(dir.resolve("config.json"), "{\"ociVersion\":\"1.0.2\",\"process\":{\"args\":[\"sleep\","
                + "\"60\"]},\"root\":{\"path\":\"rootfs\"}" + (rdkPlugins ? ",\"rdkPlugins\":{\"logging\":{"
                + "\"required\":true,\"data\":{\"sink\":\"devnull\"}}}" : "") + "}");
        return dir.toString();
    }

    private void daemon() throws Exception {
        rig.startDaemonProcess(true);
        monitor = BusMonitor.on(BUS.address());
        raw = new RawCaller(BUS.address(), DobbyNames.RDK);
    }

    @Test
    void theStandInDiesOnGetInfoOfAContainerWithoutPluginsAsTheDaemonDoes() throws Exception {
        daemon();
        int plain = (Integer) first(raw.ctrl("StartFromBundle", "ssahssas", "plain", bundle("plain", false),
                List.of(), "", "", List.of()));
        int plugged = (Integer) first(raw.ctrl("StartFromBundle", "ssahssas", "plugged", bundle("plugged", true),
                List.of(), "", "", List.of()));
        assertEquals("s", raw.ctrl("GetInfo", "i", plugged).getSig(), "with rdkPlugins GetInfo answers");
        Message crashed = raw.ctrl("GetInfo", "i", plain);
        assertInstanceOf(Error.class, crashed);
        assertEquals(DBusErrors.NO_REPLY, crashed.getName(), String.valueOf(first(crashed)));
        assertNotNull(monitor.next(BusMessages.ownerChange("org.rdk.dobby", true), WAIT), "the name lost its owner");
    }

    @Test
    void theClientNeverSendsACallThatKillsTheDaemonAndSaysWhy() throws Exception {
        daemon();
        rig.startClient(rig.clientConfig());
        ContainerRuntime dobby = rig.host.awaitPublished();
        int plain = dobby.startFromBundle(new BundleStart("plain", bundle("plain", false), null, null, List.of(), null,
                null)).descriptor();
        int plugged = dobby.startFromBundle(new BundleStart("plugged", bundle("plugged", true), null, null, List.of(),
                null, null)).descriptor();
        int spec = dobby.startFromSpec(new SpecStart("spec", SLEEPING, null, null, List.of())).descriptor();
        int other = (Integer) first(raw.ctrl("StartFromSpec", "ssahssas", "other", SLEEPING, List.of(), "", "",
                List.of())); // another client's: this one cannot tell what it runs with
        for (String id : List.of("plain", "plugged", "spec", "other")) {
            assertEquals("STARTED " + id, event());
        }

        Map<String, String> why = Map.of("plain", "its bundle names no rdkPlugins", "other",
                "this client did not start it");
        for (String id : why.keySet()) {
            for (Executable call : List.<Executable>of(() -> dobby.info(id), () -> dobby.annotate(id, "k", "v"),
                    () -> dobby.removeAnnotation(id, "k"))) {
                ContainerException e = assertThrows(ContainerException.class, call);
                assertEquals(Reason.UNSUPPORTED, e.reason(), e.getMessage());
                assertTrue(e.getMessage().contains(why.get(id)) && e.getMessage().contains("crashes"), e.getMessage());
            }
        }
        assertEquals("plugged", dobby.info("plugged").id(), "a bundle with rdkPlugins is asked");
        dobby.annotate("spec", "k", "v"); // a spec container always has the logging plugin
        assertEquals(Map.of("k", "v"), dobby.info("spec").annotations());
        dobby.removeAnnotation("spec", "k");

        assertEquals(ContainerState.RUNNING, dobby.state("plain"), "the daemon is alive");
        assertEquals(List.of("other", "plain", "plugged", "spec"), dobby.list().stream().map(r -> r.id()).toList());
        assertTrue(rig.host.noAvailabilityChange(), "the runtime was never withdrawn: the daemon never left");
        List<Integer> sentTo = monitor.until(m -> m instanceof MethodCall && FATAL.contains(m.getName()),
                m -> m instanceof MethodCall && "GetState".equals(m.getName()), WAIT).stream()
                .map(m -> (Integer) BusMessages.args(m)[0]).toList();
        assertEquals(List.of(plugged, spec, spec, spec), sentTo,
                "GetInfo, Annotate, RemoveAnnotation went only to containers with plugins; plain is " + plain
                        + ", other " + other);
        assertReason(Reason.NOT_FOUND, () -> dobby.info("nobody"));
    }

    private String event() throws InterruptedException {
        var e = rig.host.nextEvent();
        return e == null ? "none" : e.type() + " " + e.id();
    }
}
