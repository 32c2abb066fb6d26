package io.ociplane.oci.runc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.ociplane.oci.api.BundleStart;
import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerException.Reason;
import io.ociplane.oci.api.ContainerIds;
import io.ociplane.oci.api.ContainerEventListener;
import io.ociplane.oci.api.ContainerInfo;
import io.ociplane.oci.api.ContainerRef;
import io.ociplane.oci.api.ContainerRuntime;
import io.ociplane.oci.api.ContainerState;
import io.ociplane.oci.api.Failures;
import io.ociplane.oci.api.InterfaceAddresses;
import io.ociplane.oci.api.MountRequest;
import io.ociplane.oci.api.SpecStart;
import io.ociplane.oci.api.Subscription;
import io.ociplane.oci.api.provider.Subscribers;
import io.ociplane.oci.dobby.spec.CpuSet;
import io.ociplane.oci.dobby.spec.DobbySpec;

/**
 * The container API over an OCI runtime command line (runc or crun), behaving like Dobby wherever the API can
 * tell: descriptors, id rules, Started before the start returns, stop with SIGTERM then SIGKILL after a grace,
 * StoppedWithStatus words, the figures of GetInfo ({@link ContainerInfoReader}). Containers outlive the provider:
 * {@link #close()} leaves them running and the next provider on the same state directory re-adopts them. Events go
 * to the subscribers on the provider's event thread.
 */
public final class RuncRuntime implements ContainerRuntime, AutoCloseable {

    private final RuntimeSetup settings;
    private final ProcFs proc = new ProcFs(Path.of("/proc"));
    private final ContainerTable table = new ContainerTable();
    private final ScheduledExecutorService timer;
    private final ExecutorService exits;
    private final Subscribers subscribers = new Subscribers();
    private final EventDispatcher events;
    private final FileWatch files;
    private final PidFileWatcher pidFiles;
    private final ConsoleLimiter consoles;
    private final RuncCli cli;
    private final RecordStore records;
    private final Workspaces workspaces;
    private final Lifecycle lifecycle;
    private final ExecRunner execs;
    private final BundleConfigs bundles;
    private final DobbySpecParser specs;
    private final SpecBundleWriter specWriter;
    private final ContainerInfoReader infos;
    private final NatNetwork nat;
    private final ObjectMapper mapper = new ObjectMapper();

    /** Opens the provider on its state directory, re-adopting the containers that still run there. */
    RuncRuntime(RuntimeSetup settings) throws IOException, ContainerException {
        this.settings = settings;
        String name = "ociplane-" + settings.runtimeName();
        createDirectory(settings.stateDir(), "rwx--x--x");
        createDirectory(settings.runtimeRoot(), "rwx------");
        createDirectory(settings.recordsDir(), "rwx------");
        createDirectory(settings.consolesDir(), "rwx------");
        createDirectory(settings.workspaceDir(), "rwx--x--x");
        AtomicInteger exitThreads = new AtomicInteger();
        timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, name + "-timer"));
        exits = Executors.newCachedThreadPool(r -> daemon(r, name + "-exit-" + exitThreads.incrementAndGet()));
        events = new EventDispatcher(subscribers, name + "-events");
        FileWatch watch = null;
        try {
            watch = new FileWatch(name + "-files");
            pidFiles = new PidFileWatcher(settings.recordsDir(), watch);
        } catch (IOException e) {
            if (watch != null) {
                watch.close();
            }
            timer.shutdownNow();
            exits.shutdown();
            events.close();
            throw e;
        }
        files = watch;
        consoles = new ConsoleLimiter(files);
        CommandRunner commands = new CommandRunner(timer, settings.commandTimeout());
        cli = new RuncCli(settings, commands, mapper);
        records = new RecordStore(settings.recordsDir(), mapper, settings.annotationLimits());
        workspaces = new Workspaces(settings.workspaceDir(), timer);
        nat = new NatNetwork(settings.nat(), settings.netTools(), settings.stateDir(), commands, mapper,
                Path.of("/proc"), Path.of("/sys"));
        ConsoleFiles consoleFiles = new ConsoleFiles(settings.consolesDir(), mapper);
        consoleFiles.prune();
        Launcher launcher = new Launcher(settings, cli, records, pidFiles, proc, nat, consoleFiles);
        lifecycle = new Lifecycle(table, workspaces, records, launcher, cli, new InitPoller(timer, proc),
                consoleFiles, consoles, events, proc, nat, exits);
        execs = new ExecRunner(cli, records, pidFiles, consoleFiles);
        bundles = new BundleConfigs(mapper);
        specs = new DobbySpecParser(mapper, CpuSet.online(Path.of("/sys/devices/system/cpu/online")));
        specWriter = new SpecBundleWriter(mapper, settings.specInit(), Path.of("/"), settings.cgroupParent());
        infos = new ContainerInfoReader(proc, commands, settings.netTools(), mapper);
        try {
            new Readoption(records, cli, workspaces, proc, nat).recover().forEach(lifecycle::adopt);
        } catch (ContainerException | IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Opens the provider from its configuration (PID {@value RuncProviderComponent#PID}) as its component does,
     * with the tools on this process's {@code PATH}; for embedding it elsewhere, e.g. behind the Dobby-compatible
     * service in that bundle's tests.
     *
     * @throws IllegalArgumentException when a setting is unusable (e.g. the runtime is not found)
     */
    public static RuncRuntime open(RuncProviderConfig config) throws IOException, ContainerException {
        return new RuncRuntime(RuntimeSetup.of(config, System.getenv("PATH")));
    }

    @Override
    public String name() {
        return settings.runtimeName();
    }

    @Override
    public List<ContainerRef> list() {
        return table.list();
    }

    @Override
    public Optional<ContainerRef> find(String id) {
        return table.find(id).map(RuncContainer::ref);
    }

    @Override
    public ContainerState state(String id) throws ContainerException {
        return table.require(id).state();
    }

    @Override
    public ContainerInfo info(String id) throws ContainerException {
        RuncContainer c = table.require(id);
        return infos.read(c.id, c.state(), c.run().initPid(), c.annotations());
    }

    @Override
    public List<InterfaceAddresses> networkInterfaces(String id) throws ContainerException {
        return infos.interfaces(table.require(id).run().initPid());
    }

    @Override
    public ContainerRef startFromBundle(BundleStart start) throws ContainerException {
        String id = ContainerIds.checkId(start.id());
        table.reserve(id);
        try {
            var config = bundles.prepare(start, settings.cgroupsPath(id));
            return lifecycle.start(id, LaunchOptions.bundle(),
                    ws -> writeJson(ws.resolve("config.json"), config));
        } catch (ContainerException | RuntimeException e) {
            table.unreserve(id);
            throw e;
        }
    }

    @Override
    public ContainerRef startFromSpec(SpecStart start) throws ContainerException {
        String id = ContainerIds.checkId(start.id());
        table.reserve(id);
        String address = null;
        try {
            DobbySpec spec = specs.parse(start.specJson());
            List<String> args = start.command() == null || start.command().isEmpty() ? spec.args()
                    : CommandLines.split("command", start.command());
            address = spec.network() == DobbySpec.Network.NAT ? nat.lease() : null;
            String natAddress = address;
            LaunchOptions launch = new LaunchOptions("spec", spec.consolePath(), spec.consoleLimit(),
                    spec.restartOnCrash(), natAddress);
            long hookTimeout = settings.commandTimeout().toSeconds();
            return lifecycle.start(id, launch, ws -> specWriter.write(spec, args, start.env(),
                    start.westerosSocket(), id, ws, (config, w) -> nat.configure(config, natAddress, w, hookTimeout)));
        } catch (ContainerException | RuntimeException e) {
            if (address != null) {
                nat.release(address);
            }
            table.unreserve(id);
            throw e;
        }
    }

    /**
     * SIGTERM, then SIGKILL after the grace; a forced stop kills at once. The signals are sent in the container's
     * turn (never while a pause, resume or exec runs on it); the grace is waited for outside it, so that a forced
     * stop meanwhile is not held up.
     */
    @Override
    public void stop(String id, boolean force) throws ContainerException {
        RuncContainer c = table.require(id);
        RuncContainer.Run run;
        try (RuncContainer.Turn turn = c.takeTurn()) {
            ContainerState state = c.state();
            run = c.run();
            if (state == ContainerState.PAUSED && !force) {
                throw Failures.pausedStop(c.id);
            }
            c.requestStop();
            if (state == ContainerState.STOPPING) {
                return;
            }
            if (force) {
                kill(c, run);
                return;
            }
            signal(c, run, "TERM");
        }
        try {
            run.exited().get(settings.stopGrace().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            try (RuncContainer.Turn turn = c.takeTurn()) {
                kill(c, run);
            }
        } catch (ExecutionException e) {
            // the exit future does not fail
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerException(Reason.PROVIDER_ERROR, "interrupted while stopping '" + c.id + "'", e);
        }
    }

    /** SIGKILL to the init of {@code run}; a paused container is resumed first. */
    private void kill(RuncContainer c, RuncContainer.Run run) throws ContainerException {
        if (c.state() == ContainerState.PAUSED) {
            cli.run("resume", c.id); // a frozen init cannot die; a failure shows in the kill below
        }
        signal(c, run, "KILL");
    }

    private void signal(RuncContainer c, RuncContainer.Run run, String signal) throws ContainerException {
        CommandRunner.Result r = cli.run("kill", c.id, signal);
        if (!r.ok() && proc.isAlive(run.initPid(), run.initStartTicks())) {
            throw new ContainerException(Reason.PROVIDER_ERROR, "sending SIG" + signal + " to container '" + c.id
                    + "' failed: " + cli.messageOf(r.output()));
        }
    }

    @Override
    public void pause(String id) throws ContainerException {
        transition(table.require(id), ContainerState.RUNNING, ContainerState.PAUSED, "pause");
    }

    @Override
    public void resume(String id) throws ContainerException {
        transition(table.require(id), ContainerState.PAUSED, ContainerState.RUNNING, "resume");
    }

    /**
     * Pause and resume are the runtime's freezer commands, synchronous and without events, as in Dobby. They run
     * in the container's turn; the state changes only if the container has not ended meanwhile.
     */
    private void transition(RuncContainer c, ContainerState from, ContainerState to, String command)
            throws ContainerException {
        try (RuncContainer.Turn turn = c.takeTurn()) {
            if (c.state() != from) {
                throw Failures.wrongState(c.id, c.state(), from);
            }
            cli.require(command + " of '" + c.id + "'", command, c.id);
            c.changeState(from, to);
        }
    }

    @Override
    public void hibernate(String id, String options) throws ContainerException {
        throw unsupported(id, "hibernation needs memcr, Dobby's checkpoint service; the " + name()
                + " provider cannot hibernate containers");
    }

    @Override
    public void wakeup(String id) throws ContainerException {
        throw unsupported(id, "the " + name() + " provider cannot hibernate containers, so none is to wake up");
    }

    /** The refusal of what this provider cannot do, to a container it has (one it has not is NOT_FOUND). */
    private ContainerException unsupported(String id, String why) throws ContainerException {
        table.require(id);
        return new ContainerException(Reason.UNSUPPORTED, why);
    }

    @Override
    public void exec(String id, String options, String command) throws ContainerException {
        RuncContainer c = table.require(id);
        List<String> runtimeOptions = ExecOptions.parse(options);
        List<String> args = CommandLines.split("command", command);
        try (RuncContainer.Turn turn = c.takeTurn()) { // not while it is being paused or stopped
            if (c.state() != ContainerState.RUNNING) {
                throw new ContainerException(Reason.INVALID_STATE, "exec needs a running container; '" + c.id
                        + "' is " + c.state().lowerCase());
            }
            execs.exec(c, runtimeOptions, args);
        }
    }

    @Override
    public void mount(String id, MountRequest mount) throws ContainerException {
        throw unsupported(id, "mounting into a running container needs Dobby's mount tunnel (Storage plugin); the "
                + name() + " provider cannot do it");
    }

    @Override
    public void unmount(String id, String path) throws ContainerException {
        throw unsupported(id, "unmounting inside a running container needs Dobby's mount tunnel (Storage plugin);"
                + " the " + name() + " provider cannot do it");
    }

    @Override
    public void annotate(String id, String key, String value) throws ContainerException {
        RuncContainer c = table.require(id);
        if (key == null || key.isEmpty() || value == null) {
            throw CommandLines.invalid("an annotation needs a non-empty key and a value");
        }
        CommandLines.checkText("annotation key", key);
        CommandLines.checkText("annotation value", value);
        c.annotate(key, value, settings.annotationLimits());
        c.persist(records);
    }

    @Override
    public void removeAnnotation(String id, String key) throws ContainerException {
        RuncContainer c = table.require(id);
        if (!c.removeAnnotation(key)) {
            throw Failures.noAnnotation(key);
        }
        c.persist(records);
    }

    @Override
    public Subscription subscribe(ContainerEventListener listener) {
        return subscribers.subscribe(listener);
    }

    /**
     * Stops the provider's threads; the containers run on. Without containers, the nat bridge and table and the
     * empty cgroup parent go too.
     */
    @Override
    public void close() {
        lifecycle.close();
        workspaces.sweep(table.liveIds()); // what a failed or pending deletion left, as at the next start
        nat.tearDownIfUnused();
        if (table.list().isEmpty()) {
            removeEmptyCgroupParent();
        }
        pidFiles.close();
        consoles.close();
        files.close();
        exits.shutdown();
        timer.shutdownNow();
        events.close();
    }

    /** rmdir on a cgroup fails while it has children or processes, so only an unused parent goes. */
    private void removeEmptyCgroupParent() {
        for (Path dir : new CgroupMounts(proc.selfMountInfo()).dirsOf(settings.cgroupParent())) {
            try {
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                // in use (by a container of another provider on the same parent): it stays
            }
        }
    }

    private void writeJson(Path file, Object json) throws ContainerException {
        try {
            Files.write(file, mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
        } catch (IOException e) {
            throw new ContainerException(Reason.PROVIDER_ERROR, "cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Creates a directory of ours with its mode; one that exists is the administrator's and keeps its mode. */
    private static void createDirectory(Path dir, String mode) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(mode));
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
