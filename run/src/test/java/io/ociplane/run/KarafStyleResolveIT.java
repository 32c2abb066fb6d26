package io.ociplane.run;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.apache.felix.framework.Felix;
import org.junit.Test;
import org.osgi.framework.namespace.IdentityNamespace;
import org.osgi.namespace.service.ServiceNamespace;
import org.osgi.resource.Capability;
import org.osgi.resource.Requirement;
import org.osgi.resource.Resource;
import org.osgi.resource.Wire;
import org.osgi.service.resolver.ResolutionException;

import aQute.bnd.osgi.Processor;
import aQute.bnd.osgi.repository.ResourcesRepository;
import aQute.bnd.osgi.resource.ResourceBuilder;
import biz.aQute.resolve.BndResolver;
import biz.aQute.resolve.ResolveProcess;
import biz.aQute.resolve.ResolverLogger;

/**
 * The runtime's bundles resolve as Karaf's feature resolver resolves them: with the {@code effective:=active}
 * requirements too, which is where DS components say which services they need ({@code osgi.service}). The system is
 * only the framework and the JRE ({@code -runfw}, {@code -runee}); the repository is the runtime's bundles (those
 * the integration tests get, less the test-only ones), each with the capabilities bnd declared for it and nothing
 * added by hand. The requirements are run.bndrun's (the plugins, the providers, the host) and a ContainerRuntime
 * service. The plugins' ContainerRuntime references must be met by the osgi.service capabilities of both providers,
 * and the Dobby bundles (protocol, client, compatible service) resolve with them (docs/bundles.md#services).
 */
public class KarafStyleResolveIT {

    private static final String CONTAINER_RUNTIME = "io.ociplane.oci.api.ContainerRuntime";
    private static final Set<String> TEST_ONLY = Set.of("oci-memory.jar", "demo-plugin.jar", "test-support.jar");
    private static final Path RUN_DIR = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();

    @Test
    public void theRuntimeResolvesWithItsServiceRequirementsMetByTheProviders() throws Exception {
        // the resolver's log is pages of every candidate it looked at; a failure says what is missing
        try (Processor run = new Processor(); ResolverLogger log = new ResolverLogger(ResolverLogger.LOG_ERROR,
                new PrintStream(OutputStream.nullOutputStream()))) {
            run.setProperties(RUN_DIR.resolve("run.bndrun").toFile()); // its -include brings -runfw and -runee
            run.setProperty("-runrequires", run.getProperty("-runrequires") + ",osgi.service;filter:='(objectClass="
                    + CONTAINER_RUNTIME + ")'");
            run.setProperty("-resolve.effective", "active");
            run.addBasicPlugin(repository());

            ResolveProcess process = new ResolveProcess();
            Map<Resource, List<Wire>> wiring;
            try {
                wiring = process.resolveRequired(run, null, run, new BndResolver(log), List.of(), log);
            } catch (ResolutionException e) {
                throw new AssertionError("the runtime does not resolve: " + ResolveProcess.format(e, false), e);
            }

            Set<String> resolved = new TreeSet<>();
            wiring.keySet().forEach(r -> resolved.add(identity(r)));
            for (String bundle : List.of("io.ociplane.ocicontainer-plugin", "io.ociplane.containers-compat",
                    "io.ociplane.oci-runc", "io.ociplane.oci-dobby", "io.ociplane.oci-dobby-protocol",
                    "io.ociplane.oci-dobby-server", "io.ociplane.jsonrpc-http")) {
                assertTrue(bundle + " in " + resolved, resolved.contains(bundle));
            }
            List<Wire> all = new ArrayList<>();
            wiring.values().forEach(all::addAll);
            process.getOptionalWiring().values().forEach(all::addAll);
            for (String plugin : List.of("io.ociplane.ocicontainer-plugin", "io.ociplane.containers-compat")) {
                assertEquals(plugin + "'s ContainerRuntime reference", Set.of("io.ociplane.oci-runc",
                        "io.ociplane.oci-dobby"), providersOf(plugin, all));
            }
            assertFalse("the Dobby-compatible service's backend is a provider",
                    providersOf("io.ociplane.oci-dobby-server", all).isEmpty());
        }
    }

    @Test
    public void noCapabilityIsAddedByHandToTheRuntimeOrTheBuild() throws IOException {
        List<Path> files = new ArrayList<>(List.of(RUN_DIR.resolve("run.bndrun"), RUN_DIR.resolve("../bnd.bnd")));
        try (Stream<Path> cnf = Files.list(RUN_DIR.resolve("../cnf"))) {
            cnf.forEach(files::add);
        }
        for (Path file : files) {
            String text = Files.readString(file);
            for (String instruction : List.of("-runprovidedcapabilities", "-runsystemcapabilities", "-augment",
                    "Provide-Capability")) {
                assertFalse(file + " adds capabilities (" + instruction + ")", text.contains(instruction));
            }
        }
    }

    /** The bundles whose osgi.service capabilities meet {@code consumer}'s requirements for ContainerRuntime. */
    private static Set<String> providersOf(String consumer, Collection<Wire> wires) {
        Set<String> providers = new TreeSet<>();
        for (Wire w : wires) {
            Requirement req = w.getRequirement();
            Capability cap = w.getCapability();
            if (consumer.equals(identity(req.getResource()))
                    && ServiceNamespace.SERVICE_NAMESPACE.equals(req.getNamespace())
                    && String.valueOf(req.getDirectives().get("filter")).contains(CONTAINER_RUNTIME)) {
                Object classes = cap.getAttributes().get(ServiceNamespace.CAPABILITY_OBJECTCLASS_ATTRIBUTE);
                assertTrue(classes + " from " + identity(cap.getResource()),
                        classes instanceof List<?> l && l.contains(CONTAINER_RUNTIME));
                providers.add(identity(cap.getResource()));
            }
        }
        return providers;
    }

    /** The runtime's bundles and the framework, each described by its own manifest. */
    private static ResourcesRepository repository() throws Exception {
        ResourcesRepository repo = new ResourcesRepository();
        List<File> jars = new ArrayList<>();
        try (Stream<Path> bundles = Files.list(Path.of(System.getProperty("it.bundles")))) {
            bundles.filter(p -> p.toString().endsWith(".jar") && !TEST_ONLY.contains(p.getFileName().toString()))
                    .forEach(p -> jars.add(p.toFile()));
        }
        jars.add(new File(Felix.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        for (File jar : jars) {
            ResourceBuilder b = new ResourceBuilder();
            assertTrue(jar + " is a bundle", b.addFile(jar, jar.toURI()));
            repo.add(b.build());
        }
        return repo;
    }

    private static String identity(Resource r) {
        List<Capability> id = r.getCapabilities(IdentityNamespace.IDENTITY_NAMESPACE);
        return id.isEmpty() ? "?" : String.valueOf(id.get(0).getAttributes().get(IdentityNamespace.IDENTITY_NAMESPACE));
    }
}
