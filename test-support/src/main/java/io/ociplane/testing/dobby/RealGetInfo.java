package io.ociplane.testing.dobby;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.ociplane.oci.api.ContainerInfo;
import io.ociplane.oci.api.ContainerInfo.CpuUsage;
import io.ociplane.oci.api.ContainerInfo.MemoryUsage;
import io.ociplane.oci.api.ContainerInfo.ProcessInfo;
import io.ociplane.oci.api.ContainerState;

/**
 * GetInfo as the real v3.19.1 daemon printed it for a paused {@code sleep 60} with one annotation
 * (docs/dobby-dbus.md#getinfo), and the typed figures it stands for.
 */
public final class RealGetInfo {

    private RealGetInfo() {
    }

    /** The daemon's text, byte for byte. */
    public static String text() throws IOException {
        try (InputStream in = RealGetInfo.class.getResourceAsStream("/dobby/getinfo-v3.19.1.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The figures of that text (GetInfo has no resident or shared memory figures). */
    public static ContainerInfo info() {
        return new ContainerInfo("tb1", ContainerState.PAUSED, 901722227006L,
                new CpuUsage(11827550L, List.of(842661L, 10984889L)),
                new MemoryUsage(9223372036854771712L, 581632L, 1277952L, 0L, null, null), List.of(28730),
                List.of(new ProcessInfo(28730, 1, "/usr/bin/sleep", "sleep 60 ")), Map.of("mykey", "myvalue"));
    }
}
