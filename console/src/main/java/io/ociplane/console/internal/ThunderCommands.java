package io.ociplane.console.internal;

import java.io.PrintStream;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ociplane.jsonrpc.local.LocalJsonRpc;
import io.ociplane.jsonrpc.local.LocalSession;

/**
 * Gogo commands for Thunder's plugins (through {@code Controller}) and for containers (through
 * {@code org.rdk.OCIContainer}), in the scope {@code thunder}: the names Thunder users know, sent as JSON-RPC calls
 * to the host's local endpoint, so the dispatcher, its activation checks and its access rules apply as for any
 * client (docs/console.md). Output goes to {@code System.out}, which Gogo gives each session; a refused call prints
 * the error's reason to {@code System.err}.
 */
@Component(service = ThunderCommands.class, property = {
        "osgi.command.scope=thunder",
        "osgi.command.function=status", "osgi.command.function=activate", "osgi.command.function=deactivate",
        "osgi.command.function=configuration", "osgi.command.function=list", "osgi.command.function=info",
        "osgi.command.function=start", "osgi.command.function=stop", "osgi.command.function=pause",
        "osgi.command.function=resume", "osgi.command.function=exec", "osgi.command.function=events" })
public class ThunderCommands {

    private static final String CONTROLLER = "Controller.1.";
    private static final String OCI = ContainerEvents.CALLSIGN + ".1.";

    private final ObjectMapper mapper = new ObjectMapper();

    @Reference
    private LocalJsonRpc host;

    /** One command's work on a session of its own. */
    @FunctionalInterface
    private interface Work {
        void run(HostCalls calls, PrintStream out) throws Refused;
    }

    private void run(Work work) {
        PrintStream out = System.out;
        try (LocalSession session = host.open(event -> { })) {
            work.run(new HostCalls(mapper, session), out);
        } catch (Refused e) {
            System.err.println("refused: " + e.getMessage());
        }
        out.flush();
    }

    // ---- plugins ----

    @Descriptor("lists every plugin with its state (Controller.status)")
    public void status() {
        run((calls, out) -> out.print(statusTable(calls.call(CONTROLLER + "status", null))));
    }

    @Descriptor("shows one plugin's state (Controller.status@callsign)")
    public void status(@Descriptor("the plugin's callsign") String callsign) {
        run((calls, out) -> out.print(statusTable(calls.call(CONTROLLER + "status@" + callsign, null))));
    }

    @Descriptor("activates a plugin (Controller.activate)")
    public void activate(@Descriptor("the plugin's callsign") String callsign) {
        lifecycle("activate", callsign);
    }

    @Descriptor("deactivates a plugin (Controller.deactivate)")
    public void deactivate(@Descriptor("the plugin's callsign") String callsign) {
        lifecycle("deactivate", callsign);
    }

    private void lifecycle(String method, String callsign) {
        run((calls, out) -> {
            calls.call(CONTROLLER + method, calls.params().put("callsign", callsign));
            out.print(statusTable(calls.call(CONTROLLER + "status@" + callsign, null)));
        });
    }

    @Descriptor("prints a plugin's configuration (Controller.configuration@callsign)")
    public void configuration(@Descriptor("the plugin's callsign") String callsign) {
        run((calls, out) -> out.println(pretty(calls.call(CONTROLLER + "configuration@" + callsign, null))));
    }

    private static String statusTable(JsonNode plugins) {
        Table t = new Table("CALLSIGN", "STATE", "NOTE");
        for (JsonNode p : plugins.isArray() ? plugins : java.util.List.of(plugins)) {
            t.row(p.path("callsign").asText(), p.path("state").asText(), p.path("note").asText(""));
        }
        return t.toString();
    }

    // ---- containers ----

    @Descriptor("lists the containers with their descriptors and states (OCIContainer.listContainers)")
    public void list() {
        run((calls, out) -> {
            Table t = new Table("ID", "DESCRIPTOR", "STATE");
            for (JsonNode c : calls.call(OCI + "listContainers", null).path("containers")) {
                String id = c.path("Id").asText();
                t.row(id, c.path("Descriptor").asText(), state(calls, id));
            }
            out.print(t);
        });
    }

    /** A container may stop between the list and this call: then its state says so instead of failing the list. */
    private String state(HostCalls calls, String id) {
        try {
            return calls.call(OCI + "getContainerState", container(calls, id)).path("state").asText();
        } catch (Refused e) {
            return "(" + e.getMessage() + ")";
        }
    }

    @Descriptor("prints a container's information: state, pids, memory, cpu (OCIContainer.getContainerInfo)")
    public void info(@Descriptor("the container's id") String id) {
        run((calls, out) -> out.println(pretty(calls.call(OCI + "getContainerInfo", container(calls, id))
                .path("info"))));
    }

    @Descriptor("starts a container from an OCI bundle directory (OCIContainer.startContainer)")
    public void start(@Descriptor("the new container's id") String id,
            @Descriptor("the bundle directory's absolute path") String bundlePath) {
        start(id, bundlePath, null);
    }

    @Descriptor("starts a container from an OCI bundle directory with another command (OCIContainer.startContainer)")
    public void start(@Descriptor("the new container's id") String id,
            @Descriptor("the bundle directory's absolute path") String bundlePath,
            @Descriptor("the command to run instead of the bundle's") String command) {
        run((calls, out) -> {
            ObjectNode params = container(calls, id).put("bundlePath", bundlePath);
            if (command != null) {
                params.put("command", command);
            }
            JsonNode started = calls.call(OCI + "startContainer", params);
            out.println("started " + id + " (descriptor " + started.path("descriptor").asText() + ")");
        });
    }

    @Descriptor("stops a container (OCIContainer.stopContainer)")
    public void stop(
            @Descriptor("kill it at once instead of asking it to end")
            @Parameter(names = { "-f", "--force" }, presentValue = "true", absentValue = "false") boolean force,
            @Descriptor("the container's id") String id) {
        run((calls, out) -> {
            calls.call(OCI + "stopContainer", container(calls, id).put("force", force));
            out.println((force ? "killed " : "stopped ") + id);
        });
    }

    @Descriptor("freezes a container's processes (OCIContainer.pauseContainer)")
    public void pause(@Descriptor("the container's id") String id) {
        simple("pauseContainer", id, "paused ");
    }

    @Descriptor("thaws a paused container (OCIContainer.resumeContainer)")
    public void resume(@Descriptor("the container's id") String id) {
        simple("resumeContainer", id, "resumed ");
    }

    private void simple(String method, String id, String done) {
        run((calls, out) -> {
            calls.call(OCI + method, container(calls, id));
            out.println(done + id);
        });
    }

    @Descriptor("runs a command in a running container (OCIContainer.executeCommand)")
    public void exec(@Descriptor("the container's id") String id,
            @Descriptor("the command and its arguments") String[] command) {
        run((calls, out) -> {
            calls.call(OCI + "executeCommand", container(calls, id).put("options", "")
                    .put("command", String.join(" ", command)));
            out.println("ran in " + id + ": " + String.join(" ", command));
        });
    }

    @Descriptor("prints container events as they come, until interrupted (Ctrl-C)")
    public void events() {
        events(0);
    }

    @Descriptor("prints the next container events as they come, up to a count, or until interrupted (Ctrl-C)")
    public void events(@Descriptor("how many events to print before returning") int count) {
        if (count < 0) {
            System.err.println("refused: the count must be 0 (no limit) or more, not " + count);
            return;
        }
        try {
            new ContainerEvents(mapper, host).follow(count, System.out);
        } catch (Refused e) {
            System.err.println("refused: " + e.getMessage());
        }
    }

    private static ObjectNode container(HostCalls calls, String id) {
        return calls.params().put("containerId", id);
    }

    private String pretty(JsonNode json) {
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(json);
        } catch (JsonProcessingException e) {
            return json.toString();
        }
    }
}
