package io.ociplane.oci.dobby.client;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.freedesktop.dbus.types.UInt32;

import io.ociplane.oci.api.BundleStart;
import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerException.Reason;
import io.ociplane.oci.api.ContainerIds;
import io.ociplane.oci.api.ContainerInfo;
import io.ociplane.oci.api.ContainerRef;
import io.ociplane.oci.api.ContainerRuntime;
import io.ociplane.oci.api.ContainerState;
import io.ociplane.oci.api.MountRequest;
import io.ociplane.oci.api.SpecStart;
import io.ociplane.oci.dobby.client.DobbyCaller.Reply;

/**
 * The container API over Dobby's ctrl1 methods with their exact signatures (docs/dobby-dbus.md#methods). Arguments are
 * checked before anything is sent. Dobby's failure values (-1, false, "", state 0) say only that a call failed;
 * to give a reason, a refused call is followed by one GetState ({@link Refusals}) and a refused start by one List
 * (duplicate id), within the same deadline. Only List answers are reused, briefly ({@link ListCache}).
 */
final class DobbyRuntime implements ContainerRuntime {

    static final String NAME = "dobby";
    private static final List<Object> NO_FILES = List.of(); // all known clients send an empty ah

    private final DobbyCaller caller;
    private final ClientSettings settings;
    private final InfoParser infoParser = new InfoParser();
    private final SpecCheck specCheck = new SpecCheck();
    private final Refusals refusals;
    private final ListCache listCache;

    DobbyRuntime(DobbyCaller caller, ClientSettings settings) {
        this.caller = caller;
        this.settings = settings;
        this.refusals = new Refusals(caller);
        this.listCache = new ListCache(settings.listCacheMillis());
    }

    /** A container signal arrived or the daemon changed: the next list() asks the daemon. */
    void containersChanged() {
        listCache.drop();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<ContainerRef> list() throws ContainerException {
        Deadline deadline = deadline();
        return listCache.get(() -> list(deadline), deadline.remainingMillis());
    }

    private List<ContainerRef> list(Deadline deadline) throws ContainerException {
        Reply reply = expect(caller.ctrl(deadline, "List", null), "List", "aias");
        List<Integer> descriptors = Wire.ints(reply.body()[0]);
        List<String> ids = Wire.strings(reply.body()[1]);
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
    public ContainerState state(int descriptor) throws ContainerException {
        if (descriptor < 1) {
            return ContainerState.INVALID;
        }
        int code = ((Number) expect(caller.ctrl(deadline(), "GetState", "i", descriptor), "GetState", "i")
                .body()[0]).intValue();
        if (code < 0) {
            throw new ContainerException(Reason.PROVIDER_ERROR, "GetState(" + descriptor + ") returned " + code);
        }
        return ContainerState.ofWireCode(code);
    }

    @Override
    public ContainerInfo info(int descriptor) throws ContainerException {
        requireDescriptor(descriptor);
        Reply reply = caller.ctrl(deadline(), "GetInfo", "i", descriptor);
        if (!"s".equals(reply.signature())) { // b true: the daemon could not read our arguments
            throw new ContainerException(Reason.PROVIDER_ERROR, "GetInfo(" + descriptor + ") failed in the daemon");
        }
        String text = (String) reply.body()[0];
        if (text.isEmpty()) {
            throw Refusals.notFound(descriptor);
        }
        return infoParser.parse(text);
    }

    @Override
    public int startFromBundle(BundleStart start) throws ContainerException {
        String id = ContainerIds.checkId(start.id());
        String path = ContainerIds.checkAbsolutePath("bundlePath", start.bundlePath());
        String command = Wire.text("command", start.command());
        String display = optionalPath("westerosSocket", start.westerosSocket());
        List<String> env = Wire.env(start.env());
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
    public int startFromSpec(SpecStart start) throws ContainerException {
        String id = ContainerIds.checkId(start.id());
        specCheck.check(start.specJson());
        String command = Wire.text("command", start.command());
        String display = optionalPath("westerosSocket", start.westerosSocket());
        List<String> env = Wire.env(start.env());
        Deadline deadline = startDeadline();
        Reply reply = caller.ctrl(deadline, "StartFromSpec", "ssahssas", id, start.specJson(), NO_FILES, command,
                display, env);
        return started("StartFromSpec", id, reply, deadline);
    }

    private int started(String method, String id, Reply reply, Deadline deadline) throws ContainerException {
        listCache.drop();
        int descriptor = ((Number) expect(reply, method, "i").body()[0]).intValue();
        if (descriptor > 0) {
            return descriptor;
        }
        if (!deadline.passed() && listsId(id, deadline)) {
            throw new ContainerException(Reason.INVALID_ARGUMENT, "a container with id '" + id + "' exists");
        }
        throw new ContainerException(Reason.PROVIDER_ERROR, method + " of '" + id + "' was refused by the Dobby"
                + " daemon (bad bundle or spec, plugin or runtime failure; see the daemon's log)");
    }

    private boolean listsId(String id, Deadline deadline) {
        try {
            return list(deadline).stream().anyMatch(ref -> ref.id().equals(id));
        } catch (ContainerException e) {
            return false;
        }
    }

    @Override
    public void stop(int descriptor, boolean force) throws ContainerException {
        requireDescriptor(descriptor);
        Deadline deadline = deadline();
        boolean stopping = bool(caller.ctrl(deadline, "Stop", "ib", descriptor, force), "Stop");
        listCache.drop();
        if (!stopping) {
            throw refusals.of("Stop", descriptor, deadline, s -> !force && s == ContainerState.PAUSED);
        }
    }

    @Override
    public void pause(int descriptor) throws ContainerException {
        simple("Pause", descriptor, s -> s != ContainerState.RUNNING);
    }

    @Override
    public void resume(int descriptor) throws ContainerException {
        simple("Resume", descriptor, s -> s != ContainerState.PAUSED);
    }

    @Override
    public void hibernate(int descriptor, String options) throws ContainerException {
        requireDescriptor(descriptor);
        String opts = Wire.text("options", options);
        Deadline deadline = deadline();
        if (!bool(caller.ctrl(deadline, "Hibernate", "is", descriptor, opts), "Hibernate")) {
            throw refusals.of("Hibernate", descriptor, deadline, s -> s != ContainerState.RUNNING);
        }
    }

    @Override
    public void wakeup(int descriptor) throws ContainerException {
        simple("Wakeup", descriptor, s -> s != ContainerState.HIBERNATED && s != ContainerState.HIBERNATING);
    }

    @Override
    public void exec(int descriptor, String options, String command) throws ContainerException {
        requireDescriptor(descriptor);
        String opts = Wire.text("options", options);
        String cmd = Wire.text("command", command);
        if (cmd.isBlank()) {
            throw new ContainerException(Reason.INVALID_ARGUMENT, "exec needs a command");
        }
        Deadline deadline = deadline();
        if (!bool(caller.ctrl(deadline, "Exec", "iss", descriptor, opts, cmd), "Exec")) { // options before command
            throw refusals.of("Exec", descriptor, deadline, s -> s != ContainerState.RUNNING);
        }
    }

    @Override
    public void mount(int descriptor, MountRequest mount) throws ContainerException {
        requireDescriptor(descriptor);
        if (mount == null) {
            throw new ContainerException(Reason.INVALID_ARGUMENT, "mount request is missing");
        }
        String source = ContainerIds.checkAbsolutePath("mount source", mount.source());
        String destination = ContainerIds.checkAbsolutePath("mount destination", mount.destination());
        List<String> flags = Wire.texts("mount flags", mount.flags());
        if (!flags.contains("bind") && !flags.contains("rbind")) {
            throw new ContainerException(Reason.INVALID_ARGUMENT, "Dobby mounts need the flag bind or rbind");
        }
        String data = Wire.text("mount data", mount.data());
        Deadline deadline = deadline();
        if (!bool(caller.ctrl(deadline, "Mount", "issass", descriptor, source, destination, flags, data), "Mount")) {
            throw refusals.of("Mount", descriptor, deadline, s -> s != ContainerState.RUNNING);
        }
    }

    @Override
    public void unmount(int descriptor, String path) throws ContainerException {
        requireDescriptor(descriptor);
        String checked = ContainerIds.checkAbsolutePath("mount point", path);
        Deadline deadline = deadline();
        if (!bool(caller.ctrl(deadline, "Unmount", "is", descriptor, checked), "Unmount")) {
            throw refusals.of("Unmount", descriptor, deadline, s -> false);
        }
    }

    @Override
    public void annotate(int descriptor, String key, String value) throws ContainerException {
        requireDescriptor(descriptor);
        String k = Wire.key(key);
        String v = Wire.text("annotation value", value);
        Deadline deadline = deadline();
        if (!bool(caller.ctrl(deadline, "Annotate", "iss", descriptor, k, v), "Annotate")) {
            throw refusals.of("Annotate", descriptor, deadline, s -> false);
        }
    }

    @Override
    public void removeAnnotation(int descriptor, String key) throws ContainerException {
        requireDescriptor(descriptor);
        String k = Wire.key(key);
        Deadline deadline = deadline();
        if (!bool(caller.ctrl(deadline, "RemoveAnnotation", "is", descriptor, k), "RemoveAnnotation")) {
            ContainerException why = refusals.of("RemoveAnnotation", descriptor, deadline, s -> false);
            throw why.reason() == Reason.PROVIDER_ERROR
                    ? new ContainerException(Reason.NOT_FOUND, "no annotation '" + ContainerIds.shorten(k) + "'")
                    : why;
        }
    }

    private void simple(String method, int descriptor, Predicate<ContainerState> wrongState)
            throws ContainerException {
        requireDescriptor(descriptor);
        Deadline deadline = deadline();
        if (!bool(caller.ctrl(deadline, method, "i", descriptor), method)) {
            throw refusals.of(method, descriptor, deadline, wrongState);
        }
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

    private static void requireDescriptor(int descriptor) throws ContainerException {
        if (descriptor < 1) {
            throw Refusals.notFound(descriptor);
        }
    }

    private static String optionalPath(String what, String path) throws ContainerException {
        return path == null || path.isEmpty() ? "" : ContainerIds.checkAbsolutePath(what, path);
    }

    private Deadline deadline() {
        return Deadline.in(settings.callTimeoutMillis());
    }

    private Deadline startDeadline() {
        return Deadline.in(settings.startTimeoutMillis());
    }
}
