package io.ociplane.run;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.Test;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.CoreOptions;
import org.ops4j.pax.exam.Option;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The Gogo commands of io.ociplane.console in a framework with Gogo's runtime (as run/start --console has it): each
 * command run in a Gogo session with in-memory streams, its printed output checked, and what it did checked again
 * over HTTP, on real runc containers.
 */
public class GogoConsoleIT extends InRuntime {

    private static final String WORK = "it.gogo.work";

    @Configuration
    public Option[] config() {
        Path work = RuntimeOptions.containersDir("gogo");
        RuntimeOptions.busyboxBundle(work.resolve("sleepy/Container"), List.of("sleep", "600"));
        return RuntimeOptions.runtimeWithRunc(Set.of("oci-memory"), Map.of(
                "org.rdk.OCIContainer", OciContainerIT.PLUGIN_FILE,
                "Demo", RuntimeOptions.demoPlugin("Demo", "hi")), work.resolve("runc"),
                gogo("org.apache.felix.gogo.runtime"), gogo("org.apache.felix.gogo.command"),
                CoreOptions.systemProperty(WORK).value(work.toString()));
    }

    /** A Gogo bundle the build copied for run/start --console (the shell is left out: no terminal here). */
    private static Option gogo(String name) {
        File[] jars = new File("target/console-bundles").listFiles((d, n) -> n.startsWith(name + "-"));
        if (jars == null || jars.length != 1) {
            throw new IllegalStateException("no single " + name + " in target/console-bundles; run mvn verify");
        }
        return CoreOptions.bundle(jars[0].toURI().toString());
    }

    @AfterClass
    public static void removeContainers() {
        RuntimeOptions.removeRuncContainers(Path.of(System.getProperty(WORK), "runc", "state"));
    }

    @Inject
    private CommandProcessor processor;

    private Rpc rpc;
    private final ExecutorService background = Executors.newSingleThreadExecutor();

    @Before
    public void client() {
        rpc = new Rpc();
        Rpc.await("runc provider bound", WAIT, () -> "container provider: runc".equals(rpc.call(
                "Controller.1.status@org.rdk.OCIContainer", null).json().path("result").path(0).path("note").asText()));
    }

    @After
    public void stopContainers() {
        background.shutdownNow();
        for (JsonNode c : rpc.call("org.rdk.OCIContainer.1.listContainers", null).json().path("result")
                .path("containers")) {
            rpc.call("org.rdk.OCIContainer.1.stopContainer", "{\"containerId\":\"" + c.path("Id").asText()
                    + "\",\"force\":true}");
        }
        Rpc.await("no containers left", WAIT, () -> rpc.call("org.rdk.OCIContainer.1.listContainers", null).json()
                .path("result").path("containers").isEmpty());
        rpc.call("Controller.1.activate", "{\"callsign\":\"Demo\"}");
    }

    /** A Gogo session whose output is kept in memory. */
    private final class Console implements AutoCloseable {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteArrayOutputStream err = new ByteArrayOutputStream();
        private final CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]), out, err);

        /** Runs a command line; what it printed (stdout, then stderr) and what it returned. */
        String run(String line) throws Exception {
            out.reset();
            err.reset();
            Object value = session.execute(line);
            return printed() + (value == null ? "" : session.format(value, org.apache.felix.service.command.Converter.INSPECT));
        }

        String printed() {
            return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void close() {
            session.close();
        }
    }

    @Test
    public void helpListsTheCommands() throws Exception {
        try (Console c = new Console()) {
            String help = c.run("help"); // Gogo's help lists every scope:function; help <name> shows one
            for (String command : List.of("status", "activate", "deactivate", "configuration", "list", "info", "start",
                    "stop", "pause", "resume", "exec", "events")) {
                assertTrue(command + " in " + help, help.contains("thunder:" + command + "\n"));
            }
            String stop = c.run("help thunder:stop");
            assertTrue(stop, stop.contains("stop - stops a container") && stop.contains("--force")
                    && stop.contains("kill it at once") && stop.contains("scope: thunder"));
            String events = c.run("help events");
            assertTrue(events, events.contains("prints container events as they come, until interrupted"));
        }
    }

    @Test
    public void pluginsThroughController() throws Exception {
        try (Console c = new Console()) {
            String all = c.run("thunder:status");
            assertTrue(all, all.matches("(?s).*\\nDemo +activated\\n.*"));
            assertTrue(all, all.matches("(?s).*\\norg\\.rdk\\.OCIContainer +activated +container provider: runc\\n.*"));

            assertTrue(c.run("thunder:deactivate Demo").matches("(?s)CALLSIGN +STATE +NOTE\\nDemo +deactivated\\n"));
            assertEquals("deactivated", rpc.call("Controller.1.status@Demo", null).json().path("result").path(0)
                    .path("state").asText());
            String refused = c.run("thunder:configuration Nope");
            assertTrue(refused, refused.startsWith("refused: Controller.1.configuration@Nope: ")
                    && refused.contains("no plugin with callsign 'Nope'"));
            assertTrue(c.run("thunder:activate Demo").matches("(?s)CALLSIGN +STATE +NOTE\\nDemo +activated\\n"));
            assertEquals("activated", rpc.call("Controller.1.status@Demo", null).json().path("result").path(0)
                    .path("state").asText());

            String config = c.run("thunder:configuration Demo");
            assertTrue(config, config.contains("\"greeting\" : \"hi\""));
        }
    }

    @Test
    public void containersThroughOciContainer() throws Exception {
        Path bundle = Path.of(System.getProperty(WORK), "sleepy", "Container");
        try (Console c = new Console(); Console follower = new Console()) {
            // start + stop: onContainerStateChanged and onContainerStarted, then the same for the stop
            Future<String> events = background.submit(() -> follower.run("thunder:events 4"));
            Rpc.await("the follower registered", WAIT, () -> follower.printed().contains("Following"));

            String started = c.run("thunder:start sleepy " + bundle);
            assertTrue(started, started.matches("started sleepy \\(descriptor \\d+\\)\\n"));
            assertTrue(c.run("thunder:list").matches("(?s)ID +DESCRIPTOR +STATE\\nsleepy +\\d+ +Running\\n"));
            String info = c.run("thunder:info sleepy");
            assertTrue(info, info.contains("\"id\" : \"sleepy\"") && info.contains("\"state\" : \"running\""));

            assertEquals("paused sleepy\n", c.run("thunder:pause sleepy"));
            assertEquals("Paused", state("sleepy"));
            assertTrue(c.run("thunder:list").matches("(?s).*\\nsleepy +\\d+ +Paused\\n"));
            assertEquals("resumed sleepy\n", c.run("thunder:resume sleepy"));
            assertEquals("Running", state("sleepy"));
            assertEquals("ran in sleepy: ls /\n", c.run("thunder:exec sleepy ls /"));

            assertEquals("stopped sleepy\n", c.run("thunder:stop sleepy"));
            Rpc.await("sleepy gone", WAIT, () -> rpc.call("org.rdk.OCIContainer.1.listContainers", null).json()
                    .path("result").path("containers").isEmpty());
            String followed = events.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertTrue(followed, followed.matches("(?s)Following org\\.rdk\\.OCIContainer events \\(4\\); Ctrl-C ends\\n"
                    + ".* onContainerStateChanged \\{\"containerId\":\"sleepy\",\"state\":\"Running\"}\\n"
                    + ".* onContainerStarted \\{\"descriptor\":\"\\d+\",\"name\":\"sleepy\"}\\n"
                    + ".* onContainerStateChanged \\{\"containerId\":\"sleepy\",\"state\":\"Stopped\"}\\n"
                    + ".* onContainerStopped \\{\"descriptor\":\"\\d+\",\"name\":\"sleepy\"}\\n"));

            c.run("thunder:start sleepy2 " + bundle);
            assertEquals("killed sleepy2\n", c.run("thunder:stop --force sleepy2"));
        }
    }

    @Test
    public void eventsFollowUntilInterrupted() throws Exception {
        Path bundle = Path.of(System.getProperty(WORK), "sleepy", "Container");
        try (Console follower = new Console()) {
            Thread t = new Thread(() -> {
                try {
                    follower.run("thunder:events");
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }, "gogo-events");
            t.start();
            try {
                Rpc.await("the follower registered", WAIT, () -> follower.printed().contains("Ctrl-C ends"));
                String start = rpc.call("org.rdk.OCIContainer.1.startContainer", "{\"containerId\":\"followed\","
                        + "\"bundlePath\":\"" + bundle + "\"}").body();
                assertTrue(start, start.contains("\"descriptor\""));
                Rpc.await("the start printed", WAIT, () -> follower.printed()
                        .matches("(?s).* onContainerStarted \\{\"descriptor\":\"\\d+\",\"name\":\"followed\"}\n.*"));
            } finally {
                t.interrupt(); // what Ctrl-C does to the running command
                t.join(WAIT.toMillis());
            }
            assertTrue("the command ended when interrupted", !t.isAlive());
        }
    }

    @Test
    public void refusedCallsPrintTheReason() throws Exception {
        try (Console c = new Console()) {
            String info = c.run("thunder:info nosuch");
            assertEquals("refused: org.rdk.OCIContainer.1.getContainerInfo: ERROR_GENERAL (1): no container 'nosuch'\n",
                    info);
            String relative = c.run("thunder:start x relative/path");
            assertEquals("refused: org.rdk.OCIContainer.1.startContainer: ERROR_GENERAL (1): 'bundlePath' must be an "
                    + "absolute path: 'relative/path'\n", relative);
            String status = c.run("thunder:status Nope");
            assertTrue(status, status.startsWith("refused: Controller.1.status@Nope: ")
                    && status.contains("no plugin with callsign 'Nope'"));
            String deactivated = c.run("thunder:deactivate org.rdk.OCIContainer");
            assertTrue(deactivated, deactivated.contains("org.rdk.OCIContainer  deactivated"));
            try {
                String list = c.run("thunder:list");
                assertTrue(list, list.startsWith("refused: org.rdk.OCIContainer.1.listContainers: ")
                        && list.contains("not activated"));
            } finally {
                c.run("thunder:activate org.rdk.OCIContainer");
            }
        }
    }

    private String state(String id) {
        return rpc.call("org.rdk.OCIContainer.1.getContainerState", "{\"containerId\":\"" + id + "\"}").json()
                .path("result").path("state").asText();
    }
}
