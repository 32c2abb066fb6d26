package io.ociplane.run;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.systemTimeout;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import org.ops4j.pax.exam.Option;

import io.ociplane.testing.BusyboxBundles;
import io.ociplane.testing.Cgroups;
import io.ociplane.testing.RuncRoot;

/**
 * The runtime the integration tests boot: the same bundles as run.jar (copied to {@code it.bundles} by the build)
 * on a free loopback port, with plugin and deploy directories of the test's own. Runs in the driver, before the
 * framework starts; what the test needs inside the framework travels as system properties (one JVM).
 */
public final class RuntimeOptions {

    public static final String PORT = "org.osgi.service.http.port";
    public static final String PLUGINS = "io.ociplane.jsonrpc.pluginsDir";
    public static final String DEPLOY = "felix.fileinstall.dir";
    public static final String BUNDLES = "it.bundles";

    private RuntimeOptions() {
    }

    /** The system property that holds the runc provider's cgroup parent in the runtime the tests boot. */
    public static final String RUNC_CGROUP_PARENT = "it.runc.cgroupParent";

    /** The bundle of the runc provider, left out unless a test asks for real containers. */
    public static final String RUNC = "oci-runc";

    /** The committed example bundle's config (run/examples), which the tests' busybox bundles are made from. */
    private static final Path EXAMPLE_CONFIG = Path.of("examples/containers/sleepy/Container/config.json");

    /**
     * The runtime with every bundle except those named (file names without .jar, e.g. "demo-plugin") and the
     * runc provider.
     *
     * @param pluginFiles plugin files (callsign to JSON text) written to the plugins directory before start
     */
    public static Option[] runtime(Set<String> leaveOut, Map<String, String> pluginFiles, Option... extra) {
        return runtime("R4", leaveOut, pluginFiles, extra);
    }

    /** As above with the given wire profile (R2, R4, R5); one JVM runs every class, so each sets its own. */
    public static Option[] runtime(String profile, Set<String> leaveOut, Map<String, String> pluginFiles,
            Option... extra) {
        Set<String> out = new java.util.HashSet<>(leaveOut);
        out.add(RUNC);
        return build(profile, out, pluginFiles, Map.of(), extra);
    }

    /**
     * The runtime with the runc provider for real containers, configured (through a FileInstall .cfg in the
     * deploy directory) to keep its state and workspaces in a directory of the test's own.
     */
    public static Option[] runtimeWithRunc(Set<String> leaveOut, Map<String, String> pluginFiles, Path runcState,
            Option... extra) {
        return runtimeWithRunc(leaveOut, pluginFiles, runcState, Map.of(), extra);
    }

    /**
     * As above, with more attributes of the runc provider's configuration (e.g. natBridge). The provider's cgroup
     * parent is one of the run's own ({@link #RUNC_CGROUP_PARENT}), which {@link #removeRuncCgroupParent()} removes.
     */
    public static Option[] runtimeWithRunc(Set<String> leaveOut, Map<String, String> pluginFiles, Path runcState,
            Map<String, String> runcAttributes, Option... extra) {
        String cgroupParent = "/ociplane-it-" + ThreadLocalRandom.current().nextInt(100000, 1000000);
        StringBuilder cfg = new StringBuilder("stateDir=" + runcState.resolve("state") + "\nworkspaceDir="
                + runcState.resolve("workspaces") + "\ncgroupParent=" + cgroupParent + "\n");
        runcAttributes.forEach((k, v) -> cfg.append(k).append('=').append(v).append('\n'));
        Option[] options = Arrays.copyOf(extra, extra.length + 1);
        options[extra.length] = systemProperty(RUNC_CGROUP_PARENT).value(cgroupParent);
        return build("R4", leaveOut, pluginFiles, Map.of("io.ociplane.oci.runc.cfg", cfg.toString()), options);
    }

    /**
     * Removes the runc provider's cgroup parent in every hierarchy. The provider removes it itself when it stops
     * with no container; this is for containers that outlived their provider and were deleted by a test.
     */
    public static void removeRuncCgroupParent() {
        Cgroups.removeParent(System.getProperty(RUNC_CGROUP_PARENT));
    }

    /**
     * Kills and deletes every container still under the runc root {@code root} (whichever step of the test failed)
     * and removes the provider's cgroup parent, which such containers outlived.
     */
    public static void removeRuncContainers(Path root) {
        new RuncRoot(root).deleteAll();
        removeRuncCgroupParent();
    }

    /** A busybox bundle in {@code dir} whose process runs {@code args}, configured as the committed example. */
    public static Path busyboxBundle(Path dir, List<String> args) {
        try {
            return new BusyboxBundles().bundle(dir, EXAMPLE_CONFIG, args);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The runtime with files placed in the deploy directory before it starts (e.g. FileInstall .cfg files). */
    public static Option[] runtimeWithDeployFiles(Map<String, String> pluginFiles, Map<String, String> deployFiles,
            Option... extra) {
        return build("R4", Set.of(RUNC), pluginFiles, deployFiles, extra);
    }

    private static Option[] build(String profile, Set<String> leaveOut, Map<String, String> pluginFiles,
            Map<String, String> deployFiles, Option... extra) {
        Path plugins = tempDir("plugins");
        Path deploy = tempDir("deploy");
        try {
            for (Map.Entry<String, String> f : pluginFiles.entrySet()) {
                Files.writeString(plugins.resolve(f.getKey() + ".json"), f.getValue());
            }
            for (Map.Entry<String, String> f : deployFiles.entrySet()) {
                Files.writeString(deploy.resolve(f.getKey()), f.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Option> options = new ArrayList<>();
        for (File jar : bundleFiles()) {
            String name = jar.getName().replaceFirst("\\.jar$", "");
            if (!leaveOut.contains(name)) {
                options.add(bundle(jar.toURI().toString()));
            }
        }
        options.add(junitBundles());
        options.add(cleanCaches());
        options.add(systemTimeout(60_000));
        options.add(systemProperty(PORT).value(Integer.toString(freePort())));
        options.add(systemProperty("org.apache.felix.http.host").value("127.0.0.1"));
        options.add(systemProperty("org.apache.felix.jetty.websocket.enable").value("true"));
        options.add(systemProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("WARN"));
        options.add(systemProperty(PLUGINS).value(plugins.toString()));
        options.add(systemProperty("io.ociplane.jsonrpc.profile").value(profile));
        // one JVM runs every class: access settings another class changed are set back (extras may override)
        options.add(systemProperty("io.ociplane.jsonrpc.insecure").value("false"));
        options.add(systemProperty("io.ociplane.jsonrpc.allowedOrigins").value(""));
        options.add(systemProperty(DEPLOY).value(deploy.toString()));
        options.add(systemProperty("felix.fileinstall.poll").value("200"));
        options.add(systemProperty("felix.fileinstall.noInitialDelay").value("true"));
        options.add(systemProperty("felix.fileinstall.enableConfigSave").value("false"));
        options.add(systemProperty("felix.fileinstall.log.level").value("1"));
        options.addAll(Arrays.asList(extra));
        return options.toArray(new Option[0]);
    }

    /**
     * The plugin files of every shipped callsign and the demo plugin: SecurityAgent with {@code acl} as its ACL, its
     * file and state in {@code work}, and Containers with the (empty) container path {@code work/containers}.
     */
    public static Map<String, String> allPlugins(Path work, String acl) throws IOException {
        Files.writeString(work.resolve("acl.json"), acl);
        Files.createDirectories(work.resolve("containers"));
        return Map.of("SecurityAgent", securityAgentPlugin(work.resolve("acl.json"), work.resolve("state")),
                "org.rdk.OCIContainer", OciContainerIT.PLUGIN_FILE,
                "Containers", containersPlugin("Containers", work.resolve("containers")),
                "Demo", demoPlugin("Demo", "hi"));
    }

    /** A plugin file of the legacy Containers plugin finding its containers under {@code containerPath}. */
    public static String containersPlugin(String callsign, Path containerPath) {
        return "{\"callsign\":\"" + callsign + "\",\"locator\":\"io.ociplane.containers-compat\","
                + "\"classname\":\"Containers\",\"configuration\":{\"containerPaths\":[\"" + containerPath + "\"]}}";
    }

    /** The SecurityAgent's plugin file, with its ACL file and state directory. */
    public static String securityAgentPlugin(Path acl, Path stateDir) {
        return "{\"callsign\":\"SecurityAgent\",\"locator\":\"io.ociplane.security-agent\","
                + "\"classname\":\"SecurityAgent\",\"autostart\":true,\"configuration\":{\"acl\":\"" + acl
                + "\",\"stateDir\":\"" + stateDir + "\"}}";
    }

    /** A Thunder plugin file for the demo plugin. */
    public static String demoPlugin(String callsign, String greeting) {
        return "{\"callsign\":\"" + callsign + "\",\"locator\":\"io.ociplane.demo-plugin\",\"classname\":\"Demo\","
                + "\"autostart\":true,\"configuration\":{\"greeting\":\"" + greeting + "\"}}";
    }

    static File[] bundleFiles() {
        File dir = new File(System.getProperty(BUNDLES, "target/it-bundles"));
        File[] jars = dir.listFiles((d, n) -> n.endsWith(".jar"));
        if (jars == null || jars.length == 0) {
            throw new IllegalStateException("no bundles in " + dir.getAbsolutePath() + "; run mvn verify");
        }
        Arrays.sort(jars);
        return jars;
    }

    /** The demo plugin's jar, for tests that deploy it at run time. */
    public static Path demoPluginJar() {
        return Path.of(System.getProperty(BUNDLES, "target/it-bundles"), "demo-plugin.jar");
    }

    /**
     * A temporary directory for real containers' bundles and the runc provider's state: traversable by the uids
     * a container's user namespace maps (its root must reach the workspace), deleted at exit as {@link #tempDir}.
     */
    static Path containersDir(String what) {
        Path p = tempDir(what);
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx--x--x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** A temporary directory, deleted with everything in it when the test JVM exits. */
    static Path tempDir(String what) {
        try {
            Path p = Files.createTempDirectory("ociplane-it-" + what);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(p)));
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path root) {
        try (java.util.stream.Stream<Path> all = Files.walk(root)) {
            all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort at exit
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
