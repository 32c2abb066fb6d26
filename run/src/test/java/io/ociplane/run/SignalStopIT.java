package io.ociplane.run;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.Test;

import io.ociplane.testing.Cgroups;

/**
 * The runnable assembly (run/target/run.jar, as run/start launches it) stops its framework cleanly on SIGTERM: the
 * runtime-launch bundle's shutdown hook stops every bundle (Jetty among them) before the JVM exits. Not in Pax
 * Exam: the runtime is a process of its own that the test signals.
 */
public class SignalStopIT {

    private static final Path RUN_JAR = Path.of("target/run.jar");
    private static final Duration START = Duration.ofSeconds(60);
    private static final long STOP_SECONDS = 20;

    @Test
    public void sigtermStopsTheFrameworkBeforeTheJvmExits() throws Exception {
        assertTrue("no " + RUN_JAR.toAbsolutePath() + "; mvn verify builds it", Files.isRegularFile(RUN_JAR));
        Path dir = RuntimeOptions.tempDir("launch");
        Path deploy = Files.createDirectories(dir.resolve("deploy"));
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        // the runc provider of this runtime keeps to directories and a cgroup of the test's own
        String cgroupParent = "/ociplane-it-launch-" + ThreadLocalRandom.current().nextInt(100000, 1000000);
        Files.writeString(deploy.resolve("io.ociplane.oci.runc.cfg"), "stateDir=" + dir.resolve("runc") + "\nworkspaceDir="
                + dir.resolve("workspaces") + "\ncgroupParent=" + cgroupParent + "\n");
        int port = RuntimeOptions.freePort();
        Path log = dir.resolve("runtime.log");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process runtime = new ProcessBuilder(List.of(java, "-Dorg.osgi.service.http.port=" + port,
                "-Dorg.apache.felix.http.host=127.0.0.1", "-Dio.ociplane.jsonrpc.pluginsDir=" + plugins,
                "-Dfelix.fileinstall.dir=" + deploy, "-Dorg.osgi.framework.storage=" + dir.resolve("cache"),
                "-jar", RUN_JAR.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            Rpc rpc = new Rpc(port);
            Rpc.await("the runtime's first answer", START, () -> runtime.isAlive() && answers(rpc));

            runtime.destroy(); // SIGTERM
            assertTrue("the runtime did not exit within " + STOP_SECONDS + " s of SIGTERM",
                    runtime.waitFor(STOP_SECONDS, TimeUnit.SECONDS));
            assertEquals("exit status after SIGTERM", 128 + 15, runtime.exitValue());
            String output = Files.readString(log);
            int signalled = output.indexOf("Stopping on signal");
            assertTrue("the shutdown hook did not run:\n" + output, signalled >= 0);
            assertTrue("the framework did not stop its bundles (Felix HTTP) before the JVM exited:\n" + output,
                    output.indexOf("Stopped Jetty", signalled) > signalled);
        } finally {
            runtime.destroyForcibly();
            runtime.waitFor(STOP_SECONDS, TimeUnit.SECONDS);
            Cgroups.removeParent(cgroupParent);
        }
    }

    private static boolean answers(Rpc rpc) {
        try {
            return rpc.call("Controller.1.status", null).status() == 200;
        } catch (AssertionError notListeningYet) {
            return false;
        }
    }
}
