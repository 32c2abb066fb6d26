package io.ociplane.run.soak;

import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.Test;

import io.ociplane.run.NatNetworks;

/**
 * The soak tool's short run (docs/soak.md): the real runtime (run/target/run.jar, started with run/start as
 * run/soak starts it) churns bundle, private and nat containers for {@value #DEFAULT_SECONDS} s (system property
 * {@code soak.seconds}) through each provider, and no figure may only grow, no request go unanswered, no event go
 * missing or come twice, and nothing may stay on the host after the runtime's stop. Not in Pax Exam: the runtime is
 * a process of its own whose memory, threads and file descriptors the soak samples.
 */
public class SoakIT {

    private static final int DEFAULT_SECONDS = 60;
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    public void nothingOnlyGrowsThroughTheRuncProvider() throws Exception {
        soak("runc");
    }

    @Test
    public void nothingOnlyGrowsThroughTheDobbyProvider() throws Exception {
        soak("dobby");
    }

    private static void soak(String provider) throws Exception {
        assertTrue("no run/target/run.jar; mvn verify builds it",
                Files.isRegularFile(ROOT.resolve("run/target/run.jar")));
        assumeTrue("nat containers need ip, nft and nsenter", NatNetworks.toolsPresent());
        Duration load = Duration.ofSeconds(Integer.getInteger("soak.seconds", DEFAULT_SECONDS));
        // no class-data archive recorded first: a training launch would only lengthen the build
        SoakSettings settings = SoakSettings.of(ROOT, provider, load).withLaunchEnv(Map.of("RUN_CDS", "0"));
        SoakResult result = new Soak(settings, System.out).run(); // the report goes to the build's output
        assertTrue("the soak through the " + provider + " provider failed (its report is in the output):\n  "
                + String.join("\n  ", result.failures()), result.passed());
    }
}
