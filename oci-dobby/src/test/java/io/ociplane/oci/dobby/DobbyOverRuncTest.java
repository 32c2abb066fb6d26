package io.ociplane.oci.dobby;

import static io.ociplane.testing.dobby.RawCaller.first;
import static io.ociplane.oci.dobby.testing.DobbyRig.assertReason;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.freedesktop.dbus.messages.Message;
import org.freedesktop.dbus.messages.MethodCall;
import org.freedesktop.dbus.messages.MethodReturn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.util.converter.Converters;

import io.ociplane.oci.api.BundleStart;
import io.ociplane.oci.api.ContainerEvent;
import io.ociplane.oci.api.ContainerEvent.Type;
import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerException.Reason;
import io.ociplane.oci.api.ContainerInfo;
import io.ociplane.oci.api.ContainerRef;
import io.ociplane.oci.api.ContainerRuntime;
import io.ociplane.oci.api.ContainerState;
import io.ociplane.oci.api.MountRequest;
import io.ociplane.oci.api.SpecStart;
import io.ociplane.oci.runc.RuncProviderConfig;
import io.ociplane.oci.runc.RuncRuntime;
import io.ociplane.oci.dobby.bus.DobbyNames;
import io.ociplane.oci.dobby.testing.DobbyRig;
import io.ociplane.oci.dobby.testing.RecordingHost;
import io.ociplane.testing.BusyboxBundles;
import io.ociplane.testing.DobbySpecs;
import io.ociplane.testing.junit.PrivateBusPerClass;
import io.ociplane.testing.RuncProviderDirs;
import io.ociplane.testing.RuncRoot;
import io.ociplane.testing.dobby.BusMessages;
import io.ociplane.testing.dobby.BusMonitor;
import io.ociplane.testing.dobby.RawCaller;

/**
 * The whole way with real containers: Dobby client, private bus, Dobby-compatible service, runc provider
 * (oci-runc), busybox bundles and Dobby specs. Every ctrl1 method and signal, their order on the bus, the real
 * stop statuses, the failure value of every method, and nothing left afterwards. Hibernated and Awoken need memcr,
 * which the runc provider does not have (Hibernate and Wakeup answer false here; DobbyClientRoundTripTest covers
 * the signals). Needs root, runc and busybox-static (tini for the spec container's status 15); skipped otherwise.
 * Every test has its own provider state directory; whatever it leaves is force-deleted and fails it.
 */
class DobbyOverRuncTest {

    private static final long WAIT = 10_000;
    private static final List<Object> NO_FDS = List.of();
    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final PrivateBusPerClass BUS = new PrivateBusPerClass();

    @TempDir
    Path tmp;
    private RuncProviderDirs runc;
    private DobbyRig rig;
    private ContainerRuntime dobby;
    private BusMonitor monitor;
    private RawCaller raw;
    /** Container ids end in this, so that cgroups (/ociplane/<id>) never meet those of a concurrent run. */
    private final String suffix = "-" + ThreadLocalRandom.current().nextInt(100000, 1000000);
    /** What the provider itself reported, before the service turned it into signals. */
    private final BlockingQueue<ContainerEvent> providerEvents = new LinkedBlockingQueue<>();

    @BeforeAll
    static void needsRealContainers() {
        assumeTrue(RuncRoot.usable(), "real containers need root, runc and busybox-static");
    }

    @BeforeEach
    void connect() throws Exception {
        runc = new RuncProviderDirs(tmp);
        monitor = BusMonitor.on(BUS.address());
        rig = DobbyRig.over(BUS.bus(), this::openRunc);
        rig.provider.subscribe(providerEvents::add);
        dobby = rig.startBoth();
        raw = new RawCaller(BUS.address(), DobbyNames.RDK);
    }

    /** Whatever happened: client, service and provider closed, every container force-deleted, the bus kept. */
    @AfterEach
    void disconnect() throws Exception {
        List<String> left = List.of();
        try {
            if (raw != null) {
                raw.close();
            }
            if (monitor != null) {
                monitor.close();
            }
        } finally {
            try {
                if (rig != null) {
                    rig.close();
                }
            } finally {
                if (runc != null) {
                    left = runc.root().ids();
                    runc.close();
                }
            }
        }
        assertEquals(List.of(), left, "containers the test left running (now deleted)");
    }

    // ---- helpers

    /** The runc provider on the test's directories, as its component opens it (SIGKILL 500 ms after SIGTERM). */
    private ContainerRuntime openRunc() throws Exception {
        return RuncRuntime.open(Converters.standardConverter().convert(runc.configuration(Duration.ofMillis(500)))
                .to(RuncProviderConfig.class));
    }

    private String id(String name) {
        return name + suffix;
    }

    /** Starts through Dobby; returns the descriptor the service gave. */
    private int startBundle(String id, Path bundle) throws ContainerException {
        return dobby.startFromBundle(new BundleStart(id, bundle.toString(), null, null, List.of(), null, null))
                .descriptor();
    }

    /** Starts {@code sleep 60} in a bundle of its own through Dobby; its descriptor, once its STARTED arrived. */
    private int startSleeper(String id, String bundle) throws Exception {
        int cd = startBundle(id, runc.bundle(bundle, "/bin/sleep", "60"));
        assertEvent(Type.STARTED, cd, id, null);
        return cd;
    }

    private int startSpec(String id, String spec) throws ContainerException {
        return dobby.startFromSpec(new SpecStart(id, spec, null, null, List.of())).descriptor();
    }

    /** A Dobby spec as rdkservices' sleepy.json: the host's system directories as rootfs, the app as uid 1000. */
    private static ObjectNode specNode(String... args) {
        ObjectNode spec = JSON.createObjectNode().put("version", "1.0").put("cwd", "/");
        ArrayNode a = spec.putArray("args");
        List.of(args).forEach(a::add);
        spec.putArray("env").add("TEST_VAR=12345");
        spec.putObject("user").put("uid", 1000).put("gid", 1000);
        spec.put("memLimit", 41943040).put("network", "private").putArray("mounts");
        return spec;
    }

    private static String spec(String... args) {
        return specNode(args).toString();
    }

    private ContainerEvent assertEvent(Type type, int descriptor, String id, Integer status) throws Exception {
        ContainerEvent e = rig.host.nextEvent();
        assertNotNull(e, "no " + type + " event for " + id + " within " + RecordingHost.WAIT_MILLIS + " ms");
        assertEquals(type, e.type(), e.toString());
        assertEquals(descriptor, e.descriptor(), e.toString());
        assertEquals(id, e.id(), e.toString());
        assertEquals(status, e.exitStatus(), e.toString());
        return e;
    }

    /**
     * GetInfo until {@code ready} holds for it, at most {@link #WAIT} ms: a container's Started comes when runc
     * has started its init, which may not have exec'd the app yet (nor, under tini, set up its signal handling).
     */
    private ContainerInfo awaitInfo(String id, Predicate<ContainerInfo> ready) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT);
        ContainerInfo info = dobby.info(id);
        while (!ready.test(info)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("GetInfo never showed what was awaited: " + info);
            }
            info = dobby.info(id); // each a round trip through the bus and the provider
        }
        return info;
    }

    private static Predicate<ContainerInfo> runs(String cmdline) {
        return info -> info.processes().stream().anyMatch(p -> cmdline.equals(p.cmdline()));
    }

    /** The provider's own STOPPED event for {@code id} (skipping others). */
    private ContainerEvent providerStopped(String id) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT);
        while (true) {
            ContainerEvent e = providerEvents.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            assertNotNull(e, "the provider reported no STOPPED for " + id);
            if (e.type() == Type.STOPPED && e.id().equals(id)) {
                return e;
            }
        }
    }

    /** The start call of {@code method} on the bus, then Started and the reply, in the order the bus routed them. */
    private List<String> startOnTheBus(String method) throws InterruptedException {
        Message call = monitor.next(m -> m instanceof MethodCall && method.equals(m.getName()), WAIT);
        assertNotNull(call, "no " + method + " call seen");
        List<Message> seen = monitor.until(BusMessages.signal("Started").or(BusMessages.replyTo(call.getSerial())),
                BusMessages.replyTo(call.getSerial()), WAIT);
        List<String> out = new java.util.ArrayList<>(List.of(BusMessages.describe(call)));
        seen.forEach(m -> out.add(BusMessages.describe(m)));
        return out;
    }

    /** The Stop call on the bus, its reply and the stop signals, until Stopped. */
    private List<String> stopOnTheBus() throws InterruptedException {
        Message call = monitor.next(m -> m instanceof MethodCall && "Stop".equals(m.getName()), WAIT);
        assertNotNull(call, "no Stop call seen");
        return monitor.until(BusMessages.replyTo(call.getSerial()).or(BusMessages.signal("StoppedWithStatus"))
                .or(BusMessages.signal("Stopped")), BusMessages.signal("Stopped"), WAIT).stream().map(BusMessages::describe).toList();
    }

    /** Nothing of any container: not listed through Dobby, not in runc's root, no workspace, no record. */
    private void assertNothingLeft() throws Exception {
        assertEquals(List.of(), dobby.list(), "List through Dobby");
        assertEquals(List.of(), runc.root().ids(), "runc --root " + runc.stateDir.resolve("runc") + " list");
        assertEquals(List.of(), runc.workspacesAfterStops(), "workspaces");
        assertEquals(List.of(), runc.records(), "records and pid files");
    }

    private static String hostUid(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("Uid:")) {
                return line.substring(4).trim().split("\\s+")[0];
            }
        }
        return "?";
    }

    // ---- tests

    @Test
    void bundleStartsOfBothFormsSignalStartedBeforeTheReplyAndGetInfoHasRealFigures() throws Exception {
        String six = id("six");
        String eight = id("eight");
        Path sixBundle = runc.bundle("six", "/bin/sleep", "60");
        Path eightBundle = runc.bundle("eight", "/bin/sleep", "60");

        int cd6 = startBundle(six, sixBundle);
        assertEquals(734, cd6, "Dobby's first descriptor");
        assertEquals(List.of("call StartFromBundle [" + six + ", " + sixBundle + ", [], , , []]",
                "signal Started [734, " + six + "]", "return i [734]"), startOnTheBus("StartFromBundle"));
        assertEvent(Type.STARTED, cd6, six, null);

        int cd8 = dobby.startFromBundle(new BundleStart(eight, eightBundle.toString(), null, null, List.of(), 1000,
                1000)).descriptor();
        assertEquals(879, cd8);
        assertEquals(List.of("call StartFromBundle [" + eight + ", " + eightBundle + ", [], , , [], 1000, 1000]",
                "signal Started [879, " + eight + "]", "return i [879]"), startOnTheBus("StartFromBundle"));
        assertEvent(Type.STARTED, cd8, eight, null);

        assertEquals(List.of(new ContainerRef(cd8, eight), new ContainerRef(cd6, six)), dobby.list(), "by id");
        assertEquals(ContainerState.RUNNING, dobby.state(six));
        assertEquals(ContainerState.RUNNING, dobby.state(eight));

        ContainerInfo info = awaitInfo(six, runs("/bin/sleep 60 ")); // NULs as spaces, as Dobby's
        ContainerInfo direct = rig.provider.info(six);
        assertEquals(six, info.id());
        assertEquals(ContainerState.RUNNING, info.state());
        assertTrue(info.timestamp() > 0, "timestamp");
        assertTrue(info.cpu().total() != null && info.cpu().total() > 0, "cpu " + info.cpu());
        assertEquals(Runtime.getRuntime().availableProcessors(), info.cpu().perCpu().size(), "cgroup v1 percpu");
        assertTrue(info.memory().usage() != null && info.memory().usage() > 0, "memory " + info.memory());
        assertTrue(info.memory().limit() != null && info.memory().limit() > 0, "memory " + info.memory());
        assertEquals(direct.memory().limit(), info.memory().limit());
        assertEquals(direct.pids(), info.pids(), "the provider's pids, through GetInfo");
        assertEquals(direct.processes(), info.processes());
        assertEquals(1, info.processes().size(), info.processes().toString());
        assertEquals(1, info.processes().get(0).nsPid());
        assertEquals("/bin/busybox", info.processes().get(0).executable());
        assertEquals("0", hostUid(info.processes().get(0).pid()), "six arguments: no user mapping");
        ContainerInfo mapped = dobby.info(eight);
        assertEquals("1000", hostUid(mapped.processes().get(0).pid()), "eight arguments: root mapped to uid 1000");

        dobby.stop(six, true);
        assertEvent(Type.STOPPED, cd6, six, 9);
        dobby.stop(eight, true);
        assertEvent(Type.STOPPED, cd8, eight, 9); // and not a second STOPPED of six before it
        assertReason(Reason.NOT_FOUND, () -> dobby.state(six)); // gone from the client with its Stopped
        assertNothingLeft();
    }

    @Test
    void specContainerUnderItsInitStopsGracefullyWith15AndForcedWith9() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/tini-static")), "needs tini-static (Debian package tini) as the spec's init");
        String gentle = id("gentle");
        String forced = id("forced");
        int cdGentle = startSpec(gentle, spec("sleep", "60"));
        assertEquals(734, cdGentle);
        List<String> seen = startOnTheBus("StartFromSpec");
        assertEquals(List.of("signal Started [734, " + gentle + "]", "return i [734]"), seen.subList(1, seen.size()));
        assertEvent(Type.STARTED, cdGentle, gentle, null);
        int cdForced = startSpec(forced, spec("sleep", "60"));
        assertEvent(Type.STARTED, cdForced, forced, null);

        ContainerInfo info = awaitInfo(gentle, runs("sleep 60 ")); // tini forwards SIGTERM from then on
        assertEquals(41943040L, info.memory().limit(), "the spec's memLimit");
        assertTrue(info.memory().usage() > 0 && info.cpu().total() > 0, info.toString());
        assertEquals(2, info.processes().size(), "init and app: " + info.processes());
        ContainerInfo.ProcessInfo init = info.processes().stream().filter(p -> p.nsPid() == 1).findFirst()
                .orElseThrow();
        assertTrue(init.cmdline().startsWith("/ociplane-init"), init.toString());
        assertEquals("1000", hostUid(init.pid()), "the spec's user");

        monitor.clear();
        dobby.stop(gentle, false);
        assertEquals(List.of("return b [true]", "signal StoppedWithStatus [" + cdGentle + ", " + gentle + ", 15]",
                "signal Stopped [" + cdGentle + ", " + gentle + "]"), stopOnTheBus(), "the reply, then the status");
        assertEvent(Type.STOPPED, cdGentle, gentle, 15);
        assertEquals(0, first(raw.ctrl("GetState", "i", cdGentle)), "a stopped container's state is 0");

        monitor.clear();
        dobby.stop(forced, true);
        assertEquals(List.of("return b [true]", "signal StoppedWithStatus [" + cdForced + ", " + forced + ", 9]",
                "signal Stopped [" + cdForced + ", " + forced + "]"), stopOnTheBus());
        assertEvent(Type.STOPPED, cdForced, forced, 9); // exactly one STOPPED for gentle came before
        assertNothingLeft();
    }

    @Test
    void pauseResumeAndTheirRefusalsThenAForcedStopOfAPausedContainer() throws Exception {
        String frozen = id("frozen");
        int cd = startSleeper(frozen, "frozen");

        dobby.pause(frozen);
        assertEquals(ContainerState.PAUSED, dobby.state(frozen));
        assertEquals(4, first(raw.ctrl("GetState", "i", cd)));
        assertEquals(ContainerState.PAUSED, dobby.info(frozen).state());
        assertEquals(false, first(raw.ctrl("Pause", "i", cd)), "paused twice");
        assertReason(Reason.INVALID_STATE, () -> dobby.pause(frozen));
        assertEquals(false, first(raw.ctrl("Stop", "ib", cd, false)), "a paused container: only a forced stop");
        assertReason(Reason.INVALID_STATE, () -> dobby.stop(frozen, false));
        assertReason(Reason.INVALID_STATE, () -> dobby.exec(frozen, "", "/bin/true"));

        dobby.resume(frozen);
        assertEquals(ContainerState.RUNNING, dobby.state(frozen));
        assertEquals(false, first(raw.ctrl("Resume", "i", cd)), "running");
        assertReason(Reason.INVALID_STATE, () -> dobby.resume(frozen));

        dobby.pause(frozen);
        monitor.clear();
        dobby.stop(frozen, true); // resumed, then killed
        assertEquals(List.of("return b [true]", "signal StoppedWithStatus [" + cd + ", " + frozen + ", 9]",
                "signal Stopped [" + cd + ", " + frozen + "]"), stopOnTheBus());
        assertEvent(Type.STOPPED, cd, frozen, 9);
        assertReason(Reason.NOT_FOUND, () -> dobby.pause(frozen));
        assertNothingLeft();
    }

    @Test
    void execAnnotationsAndWhatTheRuncProviderCannotDo() throws Exception {
        String worker = id("worker");
        Path bundle = runc.bundle("worker", "/bin/sleep", "60");
        BusyboxBundles.script(bundle, "write.sh", "#!/bin/sh\n{ echo \"A=$A\"; pwd; } > /exec-out.tmp\n"
                + "mv /exec-out.tmp /exec-out\n");
        int cd = startBundle(worker, bundle);
        assertEvent(Type.STARTED, cd, worker, null);

        dobby.exec(worker, "", "/bin/touch /exec-marker");
        assertTrue(RuncProviderDirs.awaitFile(bundle.resolve("rootfs/exec-marker"), Duration.ofMillis(WAIT)),
                "the exec'd touch left no file in the container's rootfs");
        monitor.clear();
        dobby.exec(worker, "--env A=B --cwd=/tmp", "/bin/sh /write.sh");
        Message exec = monitor.next(m -> m instanceof MethodCall && "Exec".equals(m.getName()), WAIT);
        assertEquals("call Exec [" + cd + ", --env A=B --cwd=/tmp, /bin/sh /write.sh]", BusMessages.describe(exec),
                "options before command");
        Path out = bundle.resolve("rootfs/exec-out");
        assertTrue(RuncProviderDirs.awaitFile(out, Duration.ofMillis(WAIT)), "the exec'd script wrote nothing");
        assertEquals("A=B\n/tmp\n", Files.readString(out), "the exec options reached runc exec");

        dobby.annotate(worker, "mykey", "myvalue");
        assertEquals(Map.of("mykey", "myvalue"), dobby.info(worker).annotations());
        String json = (String) first(raw.ctrl("GetInfo", "i", cd));
        assertTrue(json.contains("\"mykey\" : \"myvalue\""), "jsoncpp's layout: " + json);
        dobby.removeAnnotation(worker, "mykey");
        assertEquals(Map.of(), dobby.info(worker).annotations());
        assertEquals(false, first(raw.ctrl("RemoveAnnotation", "is", cd, "mykey")), "key no longer there");
        assertReason(Reason.NOT_FOUND, () -> dobby.removeAnnotation(worker, "mykey"));

        // no memcr and no mount tunnel behind runc: Dobby's false, and the container is untouched
        assertEquals(false, first(raw.ctrl("Hibernate", "is", cd, "")));
        assertReason(Reason.PROVIDER_ERROR, () -> dobby.hibernate(worker, ""));
        assertEquals(false, first(raw.ctrl("Wakeup", "i", cd)));
        assertReason(Reason.INVALID_STATE, () -> dobby.wakeup(worker));
        assertEquals(false, first(raw.ctrl("Mount", "issass", cd, "/tmp", "/mnt", List.of("bind"), "")));
        assertReason(Reason.PROVIDER_ERROR, () -> dobby.mount(worker, new MountRequest("/tmp", "/mnt", List.of("bind"),
                null)));
        assertEquals(false, first(raw.ctrl("Unmount", "is", cd, "/mnt")));
        assertReason(Reason.PROVIDER_ERROR, () -> dobby.unmount(worker, "/mnt"));
        assertEquals(false, first(raw.ctrl("Stop", "i", cd)), "strict arity: Stop with one argument");
        assertEquals(ContainerState.RUNNING, dobby.state(worker));

        dobby.stop(worker, true);
        assertEvent(Type.STOPPED, cd, worker, 9);
        assertEquals(false, first(raw.ctrl("Exec", "iss", cd, "", "/bin/true")), "exec on a stopped container");
        assertReason(Reason.NOT_FOUND, () -> dobby.exec(worker, "", "/bin/true"));
        assertNothingLeft();
    }

    @Test
    void containersThatExitByThemselvesAreSignalledWithTheirWaitStatus() throws Exception {
        String quitter = id("quitter");
        Path bundle = runc.bundle("quitter", "/bin/sh", "-c", "read x < /fifo; exit 3");
        Process mkfifo = new ProcessBuilder("mkfifo", bundle.resolve("rootfs/fifo").toString()).start();
        assertEquals(0, mkfifo.waitFor());
        int cd = startBundle(quitter, bundle);
        assertEvent(Type.STARTED, cd, quitter, null);
        monitor.clear();
        CompletableFuture.runAsync(() -> { // opening a fifo blocks until the container reads it
            try (OutputStream fifo = Files.newOutputStream(bundle.resolve("rootfs/fifo"))) {
                fifo.write("go\n".getBytes(StandardCharsets.US_ASCII));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).get(WAIT, TimeUnit.MILLISECONDS);
        List<String> seen = monitor.until(BusMessages.signal("StoppedWithStatus").or(BusMessages.signal("Stopped")),
                BusMessages.signal("Stopped"), WAIT).stream().map(BusMessages::describe).toList();
        assertEquals(List.of("signal StoppedWithStatus [" + cd + ", " + quitter + ", 768]",
                "signal Stopped [" + cd + ", " + quitter + "]"), seen, "exit 3 is wait status 3 << 8");
        assertEvent(Type.STOPPED, cd, quitter, 768);
        assertReason(Reason.NOT_FOUND, () -> dobby.state(quitter));
        assertEquals(List.of(), runc.root().ids(), "gone from runc when Stopped is signalled");

        int again = startBundle(quitter, runc.bundle("again", "/bin/sleep", "60"));
        assertEquals(879, again, "the id is free again after its Stopped");
        assertEvent(Type.STARTED, again, quitter, null);
        dobby.stop(quitter, true);
        assertEvent(Type.STOPPED, again, quitter, 9);

        // the six-argument form's command and environment replace the bundle's; exit 0 is status 0
        String quick = id("quick");
        Path quickBundle = runc.bundle("quick", "/bin/sleep", "60");
        BusyboxBundles.script(quickBundle, "env.sh", "#!/bin/sh\nenv > /env.tmp\nmv /env.tmp /env.out\n");
        int q = dobby.startFromBundle(new BundleStart(quick, quickBundle.toString(), "/bin/sh /env.sh", null,
                List.of("FOO=bar"), null, null)).descriptor();
        assertEvent(Type.STARTED, q, quick, null);
        assertEvent(Type.STOPPED, q, quick, 0);
        assertTrue(Files.readString(quickBundle.resolve("rootfs/env.out")).contains("FOO=bar\n"), "the env argument");
        assertNothingLeft();
    }

    @Test
    void aSpecContainerRestartedOnCrashIsStartedAgainWithItsDescriptor() throws Exception {
        String crashy = id("crashy");
        Path data = tmp.resolve("data");
        int cd = startSpec(crashy, DobbySpecs.crashingOnce(specNode(), data).toString());
        assertEvent(Type.STARTED, cd, crashy, null);
        assertNotNull(monitor.next(BusMessages.signal("Started"), WAIT));
        Message again = monitor.next(BusMessages.signal("Started"), WAIT);
        assertNotNull(again, "no second Started");
        assertEquals("signal Started [" + cd + ", " + crashy + "]", BusMessages.describe(again));
        assertEvent(Type.STARTED, cd, crashy, null); // no STOPPED between
        assertTrue(Files.exists(data.resolve("ran")));
        assertEquals(ContainerState.RUNNING, dobby.state(crashy));
        dobby.stop(crashy, true);
        assertEvent(Type.STOPPED, cd, crashy, 9);
        assertNothingLeft();
    }

    @Test
    void failureValuesOfEveryMethod() throws Exception {
        int unknown = 9999;
        assertEquals(0, first(raw.ctrl("GetState", "i", unknown)));
        Message info = raw.ctrl("GetInfo", "i", unknown);
        assertEquals("s", info.getSig());
        assertEquals("", first(info));
        assertEquals(false, first(raw.ctrl("Stop", "ib", unknown, true)));
        for (String method : List.of("Pause", "Resume", "Wakeup")) {
            assertEquals(false, first(raw.ctrl(method, "i", unknown)), method);
        }
        assertEquals(false, first(raw.ctrl("Hibernate", "is", unknown, "")));
        assertEquals(false, first(raw.ctrl("Exec", "iss", unknown, "", "/bin/true")));
        assertEquals(false, first(raw.ctrl("Mount", "issass", unknown, "/a", "/b", List.of("bind"), "")));
        assertEquals(false, first(raw.ctrl("Unmount", "is", unknown, "/b")));
        assertEquals(false, first(raw.ctrl("Annotate", "iss", unknown, "k", "v")));
        assertEquals(false, first(raw.ctrl("RemoveAnnotation", "is", unknown, "k")));
        String nobody = id("nobody");
        DobbyRig.assertEveryCallNotFound(dobby, nobody);

        String dup = id("dup");
        Path bundle = runc.bundle("dup", "/bin/sleep", "60");
        int cdDup = startBundle(dup, bundle);
        assertEquals(734, cdDup);
        assertEvent(Type.STARTED, cdDup, dup, null);
        assertReason(Reason.INVALID_ARGUMENT, () -> startBundle(dup, bundle));
        assertEquals(-1, first(raw.ctrl("StartFromBundle", "ssahssas", dup, bundle.toString(), NO_FDS, "", "",
                List.of())), "duplicate id");
        assertEquals(-1, first(raw.ctrl("StartFromSpec", "ssahssas", dup, spec("sleep", "60"), NO_FDS, "", "",
                List.of())), "duplicate id");
        Path empty = Files.createDirectory(tmp.resolve("no-config"));
        assertReason(Reason.PROVIDER_ERROR, () -> startBundle(id("broken"), empty)); // takes 879, gives it back
        assertEquals(-1, first(raw.ctrl("StartFromBundle", "ssahssas", id("broken"), "/no/such/bundle", NO_FDS, "",
                "", List.of())), "a bundle runc cannot run"); // and 439
        assertEquals(-1, first(raw.ctrl("StartFromSpec", "ssahssas", id("nospec"), "{\"version\":\"1.0\"}", NO_FDS,
                "", "", List.of())), "a spec without args"); // and 731
        assertEquals(List.of(new ContainerRef(cdDup, dup)), dobby.list(), "failed starts leave nothing");
        assertEquals(List.of(dup), runc.root().ids());
        assertEquals(1, runc.workspaces().size(), runc.workspaces().toString());

        String next = id("next");
        int cdNext = startBundle(next, runc.bundle("next", "/bin/sleep", "60"));
        assertEquals(365, cdNext, "duplicates take no descriptor; every other start attempt takes one, as in Dobby");
        assertEvent(Type.STARTED, cdNext, next, null);
        dobby.stop(dup, true);
        assertEvent(Type.STOPPED, cdDup, dup, 9);
        dobby.stop(next, true);
        assertEvent(Type.STOPPED, cdNext, next, 9);
        assertNothingLeft();
    }

    @Test
    void shutdownStopsEveryContainerWithoutSignalsAndLeavesTheBus() throws Exception {
        String left = id("left");
        int cd = startSleeper(left, "left");
        monitor.clear();
        assertInstanceOf(MethodReturn.class, raw.admin("Shutdown", null));
        List<Message> seen = monitor.until(BusMessages.signal("Stopped").or(BusMessages.signal("StoppedWithStatus"))
                .or(BusMessages.ownerChange("org.rdk.dobby", true)), BusMessages.ownerChange("org.rdk.dobby", true), WAIT);
        assertEquals(1, seen.size(), "only the name's release: " + seen.stream().map(BusMessages::describe).toList());
        rig.host.awaitWithdrawn();
        assertEquals(9, providerStopped(left).exitStatus(), "sleep as pid 1 ignores SIGTERM: killed after 500 ms");
        assertEquals(List.of(), runc.root().ids());
        assertEquals(List.of(), runc.workspacesAfterStops());
    }
}
