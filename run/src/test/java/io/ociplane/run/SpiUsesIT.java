package io.ociplane.run;

import static org.junit.Assert.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * The plugin SPI's {@code uses:=com.fasterxml.jackson.databind} (docs/bundles.md) holds in the framework: a plugin
 * that would see another Jackson than the host binds its params with does not resolve, while the same Jackson
 * import without the SPI does; and the host and every plugin are wired to the Jackson jsonrpc-api is wired to.
 */
public class SpiUsesIT extends InRuntime {

    private static final String DATABIND = "com.fasterxml.jackson.databind";
    private static final String SPI = "io.ociplane.jsonrpc.spi";

    @Test
    public void hostAndPluginsShareTheJacksonTheSpiIsWiredTo() {
        Bundle jackson = exporterOf(bundle("io.ociplane.jsonrpc-api"), DATABIND);
        for (String name : List.of("io.ociplane.jsonrpc-http", "io.ociplane.ocicontainer-plugin",
                "io.ociplane.containers-compat", "io.ociplane.security-agent", "io.ociplane.demo-plugin")) {
            assertEquals(name + " imports " + DATABIND + " from", jackson, exporterOf(bundle(name), DATABIND));
        }
    }

    @Test
    public void aPluginOnAnotherJacksonDoesNotResolve() throws Exception {
        List<Bundle> installed = new ArrayList<>();
        try {
            installed.add(install("it.other.jackson", Map.of("Export-Package", DATABIND + ";version=\"2.99.0\"")));
            Bundle mismatched = install("it.plugin.other.jackson", Map.of("Import-Package",
                    SPI + ";version=\"[1.1,2)\"," + DATABIND + ";version=\"[2.99,3)\""));
            installed.add(mismatched);
            Bundle withoutSpi = install("it.other.jackson.user", Map.of("Import-Package",
                    DATABIND + ";version=\"[2.99,3)\""));
            installed.add(withoutSpi);
            FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);

            wiring.resolveBundles(List.of(withoutSpi, mismatched));
            assertEquals("the other Jackson alone resolves", Bundle.RESOLVED, withoutSpi.getState());
            assertEquals("the SPI with the other Jackson does not", Bundle.INSTALLED, mismatched.getState());
        } finally {
            for (Bundle b : installed) {
                b.uninstall();
            }
            context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(installed);
        }
    }

    /** A bundle with no classes and the given manifest headers. */
    private Bundle install(String symbolicName, Map<String, String> headers) throws IOException, BundleException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", "1.0.0");
        headers.forEach(main::putValue);
        ByteArrayOutputStream jar = new ByteArrayOutputStream();
        new JarOutputStream(jar, manifest).close();
        return context.installBundle("it:" + symbolicName, new ByteArrayInputStream(jar.toByteArray()));
    }

    private static Bundle exporterOf(Bundle importer, String pkg) {
        for (BundleWire wire : importer.adapt(BundleWiring.class).getRequiredWires("osgi.wiring.package")) {
            if (pkg.equals(wire.getCapability().getAttributes().get("osgi.wiring.package"))) {
                return wire.getProvider().getBundle();
            }
        }
        throw new AssertionError(importer.getSymbolicName() + " has no wire for " + pkg);
    }

}
