package io.ociplane.oci.dobby.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.ociplane.oci.api.ContainerInfo;
import io.ociplane.oci.api.ContainerInfo.CpuUsage;
import io.ociplane.oci.api.ContainerInfo.MemoryUsage;
import io.ociplane.oci.api.ContainerState;
import io.ociplane.testing.dobby.RealGetInfo;

/** GetInfo's text from a provider's typed figures: what the real daemon prints for the same figures. */
class GetInfoTextTest {

    private final GetInfoText text = new GetInfoText();

    @Test
    void theFiguresOfTheRealDaemonsExampleGiveItsTextByteForByte() throws Exception {
        assertEquals(RealGetInfo.text(), text.of(RealGetInfo.info()));
    }

    @Test
    void unreadableFiguresAreNullAndGpuAndIonAppearOnlyWhereThereAreSome() {
        ContainerInfo v2 = new ContainerInfo("x", ContainerState.INVALID, 5, new CpuUsage(7L, null),
                new MemoryUsage(-1L, 3L, null, null, 1L, 2L), List.of(), List.of(), Map.of(),
                new MemoryUsage(1L, 2L, 3L, 4L, null, null), Map.of("heap", MemoryUsage.UNKNOWN));
        assertEquals("""
                {
                 "cpu" :\s
                 {
                  "usage" :\s
                  {
                   "percpu" : null,
                   "total" : 7
                  }
                 },
                 "gpu" :\s
                 {
                  "memory" :\s
                  {
                   "failcnt" : 4,
                   "limit" : 1,
                   "max" : 3,
                   "usage" : 2
                  }
                 },
                 "id" : "x",
                 "ion" :\s
                 {
                  "heaps" :\s
                  {
                   "heap" :\s
                   {
                    "failcnt" : null,
                    "limit" : null,
                    "max" : null,
                    "usage" : null
                   }
                  }
                 },
                 "memory" :\s
                 {
                  "user" :\s
                  {
                   "failcnt" : null,
                   "limit" : -1,
                   "max" : null,
                   "usage" : 3
                  }
                 },
                 "pids" : [],
                 "processes" : [],
                 "state" : "unknown",
                 "timestamp" : 5
                }""", text.of(v2));
    }
}
