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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.ops4j.pax.exam.Option;

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

    /**
     * The runtime with every bundle except those named (file names without .jar, e.g. "demo-plugin").
     *
     * @param pluginFiles plugin files (callsign to JSON text) written to the plugins directory before start
     */
    public static Option[] runtime(Set<String> leaveOut, Map<String, String> pluginFiles, Option... extra) {
        return runtime("R4", leaveOut, pluginFiles, extra);
    }

    /** As above with the given wire profile (R2, R4, R5); one JVM runs every class, so each sets its own. */
    public static Option[] runtime(String profile, Set<String> leaveOut, Map<String, String> pluginFiles,
            Option... extra) {
        Path plugins = tempDir("plugins");
        Path deploy = tempDir("deploy");
        try {
            for (Map.Entry<String, String> f : pluginFiles.entrySet()) {
                Files.writeString(plugins.resolve(f.getKey() + ".json"), f.getValue());
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
        options.add(systemProperty(DEPLOY).value(deploy.toString()));
        options.add(systemProperty("felix.fileinstall.poll").value("200"));
        options.add(systemProperty("felix.fileinstall.noInitialDelay").value("true"));
        options.add(systemProperty("felix.fileinstall.enableConfigSave").value("false"));
        options.add(systemProperty("felix.fileinstall.log.level").value("1"));
        options.addAll(Arrays.asList(extra));
        return options.toArray(new Option[0]);
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

    private static Path tempDir(String what) {
        try {
            Path p = Files.createTempDirectory("ociplane-it-" + what);
            p.toFile().deleteOnExit();
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
