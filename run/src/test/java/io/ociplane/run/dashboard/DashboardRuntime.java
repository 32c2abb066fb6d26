package io.ociplane.run.dashboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import io.ociplane.run.Rpc;
import io.ociplane.run.RuntimeOptions;
import io.ociplane.testing.Cgroups;
import io.ociplane.testing.RuncRoot;

/**
 * The real runtime as a user starts it (run/start on run/target/run.jar, the dashboard bundle included), with the
 * shipped plugin files and ACL, access checks on, the runc provider in directories of the test's own, and a busybox
 * bundle to start. {@link #close()} removes everything, containers included, also after a failure.
 */
final class DashboardRuntime implements AutoCloseable {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Duration READY = Duration.ofSeconds(60);

    final Path work;
    final int port;
    final Rpc rpc;
    final Path bundle;
    private final String cgroupParent = "/ociplane-dash-" + ThreadLocalRandom.current().nextInt(100000, 1000000);
    private Process process;

    private DashboardRuntime(Path work, int port) {
        this.work = work;
        this.port = port;
        this.rpc = new Rpc(port);
        this.bundle = RuntimeOptions.busyboxBundle(work.resolve("bundles/sleepy"), List.of("sleep", "600"));
    }

    static DashboardRuntime launch() throws Exception {
        Path work = Files.createTempDirectory("ociplane-dash-");
        // the containers' mapped uids pass through to their workspaces below (docs/workspaces.md)
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwx--x--x"));
        DashboardRuntime rt = new DashboardRuntime(work, freePort());
        try {
            rt.start();
            return rt;
        } catch (Exception | Error e) {
            rt.close();
            throw e;
        }
    }

    private void start() throws Exception {
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        Path deploy = Files.createDirectories(work.resolve("deploy"));
        Path etc = ROOT.resolve("run/etc");
        Files.copy(etc.resolve("plugins/org.rdk.OCIContainer.json"), plugins.resolve("org.rdk.OCIContainer.json"));
        Files.writeString(plugins.resolve("Containers.json"), RuntimeOptions.containersPlugin("Containers",
                Files.createDirectories(work.resolve("containers"))));
        Files.writeString(plugins.resolve("SecurityAgent.json"), RuntimeOptions.securityAgentPlugin(
                etc.resolve("security/acl.json"), work.resolve("security")));
        Files.writeString(deploy.resolve("io.ociplane.oci.runc.cfg"), "stateDir=" + work.resolve("runc")
                + "\nworkspaceDir=" + work.resolve("workspaces") + "\ncgroupParent=" + cgroupParent + "\n");
        ProcessBuilder pb = new ProcessBuilder(ROOT.resolve("run/start").toString(), "--no-build", "--port",
                Integer.toString(port), "--plugins", plugins.toString(), "--deploy", deploy.toString())
                .directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(work.resolve("runtime.log").toFile());
        pb.environment().put("RUN_CDS", "0"); // no training launch first: it would only lengthen the test
        pb.environment().put("RUN_JAVA_OPTS", "-Dio.ociplane.dashboard.thunderUiDirectory=" + thunderUi());
        process = pb.start();
        long deadline = System.nanoTime() + READY.toNanos();
        while (!ready()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("the runtime did not get ready; its log:\n" + log());
            }
            Thread.sleep(100); // polling interval; the condition decides
        }
    }

    /**
     * A stand-in for a built ThunderUI: an index page, a script in a folder, and what must never be served from it: a
     * link to a file outside, a hidden file.
     */
    private Path thunderUi() throws IOException {
        Path ui = Files.createDirectories(work.resolve("thunderui/js"));
        Files.writeString(ui.resolveSibling("index.html"), "<title>ThunderUI</title>");
        Files.writeString(ui.resolve("app.js"), "console.log('ui');");
        Files.writeString(work.resolve("secret.txt"), "secret");
        Files.createSymbolicLink(ui.resolveSibling("secret.txt"), work.resolve("secret.txt"));
        Files.writeString(ui.resolveSibling(".hidden"), "hidden");
        return ui.getParent();
    }

    /** Every plugin serves, and org.rdk.OCIContainer through the runc provider. */
    private boolean ready() {
        try {
            JsonNode r = rpc.call("Controller.1.readiness", null).json().path("result");
            return r.path("ready").asBoolean()
                    && rpc.status("org.rdk.OCIContainer").path("note").asText().equals("container provider: runc");
        } catch (AssertionError e) {
            return false; // not listening yet
        }
    }

    /** A token from SecurityAgent for pages of {@code origin}, asked for as root over loopback (README). */
    String token(String origin) {
        JsonNode r = rpc.call("SecurityAgent.1.createtoken", "{\"url\":\"" + origin + "\"}").json();
        String token = r.path("result").path("token").asText();
        if (token.isEmpty()) {
            throw new AssertionError("no token: " + r);
        }
        return token;
    }

    String origin() {
        return "http://127.0.0.1:" + port;
    }

    /** Force-stops every container the runtime lists (the test's), through the API as a user would. */
    void stopAllContainers() {
        JsonNode list = rpc.call("org.rdk.OCIContainer.1.listContainers", null).json().path("result")
                .path("containers");
        for (JsonNode c : list) {
            rpc.call("org.rdk.OCIContainer.1.stopContainer", "{\"containerId\":\"" + c.path("Id").asText()
                    + "\",\"force\":true}");
        }
    }

    String log() {
        try {
            return Files.readString(work.resolve("runtime.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy(); // SIGTERM: the framework stops, the provider removes its containers' workspaces
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        new RuncRoot(work.resolve("runc/runc")).deleteAll(); // whatever a failure left running
        Cgroups.removeParent(cgroupParent);
        try (Stream<Path> all = Files.walk(work)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort: a temporary directory
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
