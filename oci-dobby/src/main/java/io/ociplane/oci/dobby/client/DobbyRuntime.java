package io.ociplane.oci.dobby.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.freedesktop.dbus.types.UInt32;

import io.ociplane.oci.api.BundleStart;
import io.ociplane.oci.api.ContainerEvent;
import io.ociplane.oci.api.ContainerEventListener;
import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerException.Reason;
import io.ociplane.oci.api.ContainerIds;
import io.ociplane.oci.api.ContainerInfo;
import io.ociplane.oci.api.ContainerRef;
import io.ociplane.oci.api.ContainerRuntime;
import io.ociplane.oci.api.ContainerState;
import io.ociplane.oci.api.InterfaceAddresses;
import io.ociplane.oci.api.MountRequest;
import io.ociplane.oci.api.SpecStart;
import io.ociplane.oci.api.Subscription;
import io.ociplane.oci.api.provider.Subscribers;
import io.ociplane.oci.dobby.bus.BusValues;
import io.ociplane.oci.dobby.bus.DobbyStates;
import io.ociplane.oci.dobby.spec.DobbySpecReader;
import io.ociplane.oci.dobby.client.DobbyCaller.Reply;

/**
 * The container API over Dobby's ctrl1 methods with their exact signatures (docs/dobby-dbus.md#methods). Calls name
 * a container by id; the client turns it into the daemon's descriptor with the containers it knows
 * ({@link KnownContainers}: one {@code List} when the daemon is ready, then its signals), so no call needs a
 * {@code List} first. Arguments are checked before anything is sent. Dobby's failure values (-1, false, "",
 * state 0) say only that a call failed; to give a reason, a refused call is followed by one GetState
 * ({@link Refusals}) and a refused start by one List (duplicate id), within the same deadline.
 */
final class DobbyRuntime implements ContainerRuntime {

    static final String NAME = "dobby";
    private static final List<Object> NO_FILES = List.of(); // all known clients send an empty ah

    private final DobbyCaller caller;
    private final DobbyClientConfig config;
    private final InfoParser infoParser = new InfoParser();
    /** A spec is checked before it is sent, so that a missing field is named rather than Dobby's -1. */
    private final DobbySpecReader specs = new DobbySpecReader(new ObjectMapper());
    private final Refusals refusals;
    private final KnownContainers known = new KnownContainers();
    private final Subscribers subscribers = new Subscribers();

    DobbyRuntime(DobbyCaller caller, DobbyClientConfig config) {
        this.caller = caller;
        this.config = config;
        this.refusals = new Refusals(caller);
    }

    /** A daemon is ready: its containers, from one List. */
    void refill() throws ContainerException {
        known.replaceAll(list(deadline()));
    }

    /** The daemon left: none of its containers is there any more. */
    void forget() {
        known.clear();
    }

    /** A container signal of the daemon, on the control thread: the containers known follow, then subscribers hear. */
    void signalled(ContainerEvent event) {
        switch (event.type()) {
            case STARTED -> known.started(event.container());
            case STOPPED -> known.stopped(event.container());
            default -> {
                // hibernation leaves the container where it is
            }
        }
        subscribers.deliver(event);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<ContainerRef> list() throws ContainerException {
        caller.requireReady("List");
        return known.list();
    }

    @Override
    public Optional<ContainerRef> find(String id) {
        return known.find(id);
    }

    /** The daemon's List: descriptors and ids, sorted by id. */
    private List<ContainerRef> list(Deadline deadline) throws ContainerException {
        Reply reply = expect(caller.ctrl(deadline, "List", null), "List", "aias");
        List<Integer> descriptors = BusValues.ints(reply.body()[0]);
        List<String> ids = BusValues.strings(reply.body()[1]);
        if (descriptors.size() != ids.size()) {
            throw new ContainerException(Reason.PROVIDER_ERROR, "List returned " + descriptors.size()
                    + " descriptors but " + ids.size() + " ids");
        }
        List<ContainerRef> refs = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            refs.add(new ContainerRef(descriptors.get(i), ids.get(i)));
        }
        return refs;
    }

    @Override
    public ContainerState state(String id) throws ContainerException {
        ContainerRef c = require(id);
        int code = ((Number) expect(caller.ctrl(deadline(), "GetState", "i", c.descriptor()), "GetState", "i")
                .body()[0]).intValue();
        if (code < 0) {
            throw new ContainerException(Reason.PROVIDER_ERROR, "GetState of '" + id + "' returned " + code);
        }
        return DobbyStates.ofCode(code);
    }

    @Override
    public ContainerInfo info(String id) throws ContainerException {
        ContainerRef c = require(id);
        Reply reply = caller.ctrl(deadline(), "GetInfo", "i", c.descriptor());
        if (!"s".equals(reply.signature())) { // b true: the daemon could not read our arguments
            throw new ContainerException(Reason.PROVIDER_ERROR, "GetInfo of '" + id + "' failed in the daemon");
        }
        String text = (String) reply.body()[0];
        if (text.isEmpty()) {
            throw Refusals.notFound(id);
        }
        return infoParser.parse(text);
    }

    /** Dobby tells nothing of a container's network: the Containers plugin answers {@code []}, as Thunder does. */
    @Override
    public List<InterfaceAddresses> networkInterfaces(String id) throws ContainerException {
        require(id);
        return List.of();
    }

    @Override
    public ContainerRef startFromBundle(BundleStart start) throws ContainerException {
        String id = newId(start.id());
        String path = ContainerIds.checkAbsolutePath("bundlePath", start.bundlePath());
        String command = ArgumentChecks.text("command", start.command());
        String display = optionalPath("westerosSocket", start.westerosSocket());
        List<String> env = ArgumentChecks.env(start.env());
        Deadline deadline = startDeadline();
        Reply reply;
        if (start.uid() == null && start.gid() == null) { // the 6-argument form works on daemons before 2025 too
            reply = caller.ctrl(deadline, "StartFromBundle", "ssahssas", id, path, NO_FILES, command, display, env);
        } else {
            if (start.uid() == null || start.gid() == null || start.uid() < 0 || start.gid() < 0) {
                throw new ContainerException(Reason.INVALID_ARGUMENT, "uid and gid go together, both >= 0");
            }
            reply = caller.ctrl(deadline, "StartFromBundle", "ssahssasuu", id, path, NO_FILES, command, display, env,
                    new UInt32(start.uid()), new UInt32(start.gid()));
        }
        return started("StartFromBundle", id, reply, deadline);
    }

    @Override
    public ContainerRef startFromSpec(SpecStart start) throws ContainerException {
        String id = newId(start.id());
        specs.checkRequired(start.specJson());
        String command = ArgumentChecks.text("command", start.command());
        String display = optionalPath("westerosSocket", start.westerosSocket());
        List<String> env = ArgumentChecks.env(start.env());
        Deadline deadline = startDeadline();
        Reply reply = caller.ctrl(deadline, "StartFromSpec", "ssahssas", id, start.specJson(), NO_FILES, command,
                display, env);
        return started("StartFromSpec", id, reply, deadline);
    }

    /** A valid id that no container of the daemon has (Dobby would answer -1 for either). */
    private String newId(String id) throws ContainerException {
        if (known.find(ContainerIds.checkId(id)).isPresent()) {
            throw duplicate(id);
        }
        return id;
    }

    private ContainerRef started(String method, String id, Reply reply, Deadline deadline) throws ContainerException {
        int descriptor = ((Number) expect(reply, method, "i").body()[0]).intValue();
        if (descriptor > 0) {
            ContainerRef started = new ContainerRef(descriptor, id);
            known.startedHere(started);
            return started;
        }
        if (!deadline.passed() && listsId(id, deadline)) {
            throw duplicate(id);
        }
        throw new ContainerException(Reason.PROVIDER_ERROR, method + " of '" + id + "' was refused by the Dobby"
                + " daemon (bad bundle or spec, plugin or runtime failure; see the daemon's log)");
    }

    private static ContainerException duplicate(String id) {
        return new ContainerException(Reason.INVALID_ARGUMENT, "a container with id '" + id + "' exists");
    }

    private boolean listsId(String id, Deadline deadline) {
        try {
            return list(deadline).stream().anyMatch(ref -> ref.id().equals(id));
        } catch (ContainerException e) {
            return false;
        }
    }

    @Override
    public void stop(String id, boolean force) throws ContainerException {
        ContainerRef c = require(id);
        Deadline deadline = deadline();
        if (!bool(caller.ctrl(deadline, "Stop", "ib", c.descriptor(), force), "Stop")) {
            throw refusals.of("Stop", c, deadline, s -> !force && s == ContainerState.PAUSED);
        }
    }

    @Override
    public void pause(String id) throws ContainerException {
        simple("Pause", id, s -> s != ContainerState.RUNNING);
    }

    @Override
    public void resume(String id) throws ContainerException {
        simple("Resume", id, s -> s != ContainerState.PAUSED);
    }

    @Override
    public void hibernate(String id, String options) throws ContainerException {
        ContainerRef c = require(id);
        String opts = ArgumentChecks.text("options", options);
        Deadline deadline = deadline();
        if (!bool(caller.ctrl(deadline, "Hibernate", "is", c.descriptor(), opts), "Hibernate")) {
            throw refusals.of("Hibernate", c, deadline, s -> s != ContainerState.RUNNING);
        }
    }

    @Override
    public void wakeup(String id) throws ContainerException {
        simple("Wakeup", id, s -> s != ContainerState.HIBERNATED && s != ContainerState.HIBERNATING);
    }

    @Override
    public void exec(String id, String options, String command) throws ContainerException {
        ContainerRef c = require(id);
        String opts = ArgumentChecks.text("options", options);
        String cmd = ArgumentChecks.text("command", command);
        if (cmd.isBlank()) {
            throw new ContainerException(Reason.INVALID_ARGUMENT, "exec needs a command");
        }
        Deadline deadline = deadline();
        if (!bool(caller.ctrl(deadline, "Exec", "iss", c.descriptor(), opts, cmd), "Exec")) { // options first
            throw refusals.of("Exec", c, deadline, s -> s != ContainerState.RUNNING);
        }
    }

    @Override
    public void mount(String id, MountRequest mount) throws ContainerException {
        ContainerRef c = require(id);
        if (mount == null) {
            throw new ContainerException(Reason.INVALID_ARGUMENT, "mount request is missing");
        }
        String source = ContainerIds.checkAbsolutePath("mount source", mount.source());
        String destination = ContainerIds.checkAbsolutePath("mount destination", mount.destination());
        List<String> flags = ArgumentChecks.texts("mount flags", mount.flags());
        if (!flags.contains("bind") && !flags.contains("rbind")) {
            throw new ContainerException(Reason.INVALID_ARGUMENT, "Dobby mounts need the flag bind or rbind");
        }
        String data = ArgumentChecks.text("mount data", mount.data());
        Deadline deadline = deadline();
        if (!bool(caller.ctrl(deadline, "Mount", "issass", c.descriptor(), source, destination, flags, data),
                "Mount")) {
            throw refusals.of("Mount", c, deadline, s -> s != ContainerState.RUNNING);
        }
    }

    @Override
    public void unmount(String id, String path) throws ContainerException {
        ContainerRef c = require(id);
        String checked = ContainerIds.checkAbsolutePath("mount point", path);
        Deadline deadline = deadline();
        if (!bool(caller.ctrl(deadline, "Unmount", "is", c.descriptor(), checked), "Unmount")) {
            throw refusals.of("Unmount", c, deadline, s -> false);
        }
    }

    @Override
    public void annotate(String id, String key, String value) throws ContainerException {
        ContainerRef c = require(id);
        String k = ArgumentChecks.key(key);
        String v = ArgumentChecks.text("annotation value", value);
        Deadline deadline = deadline();
        if (!bool(caller.ctrl(deadline, "Annotate", "iss", c.descriptor(), k, v), "Annotate")) {
            throw refusals.of("Annotate", c, deadline, s -> false);
        }
    }

    @Override
    public void removeAnnotation(String id, String key) throws ContainerException {
        ContainerRef c = require(id);
        String k = ArgumentChecks.key(key);
        Deadline deadline = deadline();
        if (!bool(caller.ctrl(deadline, "RemoveAnnotation", "is", c.descriptor(), k), "RemoveAnnotation")) {
            ContainerException why = refusals.of("RemoveAnnotation", c, deadline, s -> false);
            throw why.reason() == Reason.PROVIDER_ERROR
                    ? new ContainerException(Reason.NOT_FOUND, "no annotation '" + ContainerIds.shorten(k) + "'")
                    : why;
        }
    }

    @Override
    public Subscription subscribe(ContainerEventListener listener) {
        return subscribers.subscribe(listener);
    }

    private void simple(String method, String id, Predicate<ContainerState> wrongState) throws ContainerException {
        ContainerRef c = require(id);
        Deadline deadline = deadline();
        if (!bool(caller.ctrl(deadline, method, "i", c.descriptor()), method)) {
            throw refusals.of(method, c, deadline, wrongState);
        }
    }

    /** The container of this id the daemon has, as this client knows it; not ready or unknown fails at once. */
    private ContainerRef require(String id) throws ContainerException {
        caller.requireReady("a call");
        return known.find(id).orElseThrow(() -> Refusals.notFound(id));
    }

    private static boolean bool(Reply reply, String method) throws ContainerException {
        return (Boolean) expect(reply, method, "b").body()[0];
    }

    private static Reply expect(Reply reply, String method, String signature) throws ContainerException {
        if (!signature.equals(reply.signature())) {
            throw new ContainerException(Reason.PROVIDER_ERROR, method + " replied '" + reply.signature()
                    + "', expected '" + signature + "'");
        }
        return reply;
    }

    private static String optionalPath(String what, String path) throws ContainerException {
        return path == null || path.isEmpty() ? "" : ContainerIds.checkAbsolutePath(what, path);
    }

    private Deadline deadline() {
        return Deadline.in(config.callTimeoutMillis());
    }

    private Deadline startDeadline() {
        return Deadline.in(config.startTimeoutMillis());
    }
}
