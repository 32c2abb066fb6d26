package io.ociplane.oci.dobby.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerInfo;
import io.ociplane.oci.api.ContainerState;
import io.ociplane.testing.dobby.RealGetInfo;

/** GetInfo as the real v3.19.1 daemon prints it (docs/dobby-dbus.md#getinfo), parsed rather than matched. */
class InfoParserTest {

    private final InfoParser parser = new InfoParser();

    @Test
    void theRealDaemonsText() throws Exception {
        ContainerInfo info = parser.parse(RealGetInfo.text());
        assertEquals("tb1", info.id());
        assertEquals(ContainerState.PAUSED, info.state());
        assertEquals(901722227006L, info.timestamp());
        assertEquals(11827550L, info.cpu().total());
        assertEquals(List.of(842661L, 10984889L), info.cpu().perCpu());
        assertEquals(9223372036854771712L, info.memory().limit());
        assertEquals(List.of(28730), info.pids());
        assertEquals(new ContainerInfo.ProcessInfo(28730, 1, "/usr/bin/sleep", "sleep 60 "), info.processes().get(0));
        assertEquals(Map.of("mykey", "myvalue"), info.annotations());
        assertNull(info.gpuMemory(), "no gpu member: no GPU controller");
        assertNull(info.ionHeaps());
        assertEquals(RealGetInfo.info(), info, "every figure");
    }

    @Test
    void gpuAndIonFiguresWhereTheDaemonHasThem() throws Exception {
        ContainerInfo info = parser.parse("{\"id\":\"g\",\"state\":\"running\",\"gpu\":{\"memory\":{\"failcnt\":0,"
                + "\"limit\":209715200,\"max\":3911680,\"usage\":0}},\"ion\":{\"heaps\":{\"ion.\":{\"failcnt\":null,"
                + "\"limit\":null,\"max\":null,\"usage\":null}}}}");
        assertEquals(new ContainerInfo.MemoryUsage(209715200L, 0L, 3911680L, 0L, null, null), info.gpuMemory());
        assertEquals(Map.of("ion.", ContainerInfo.MemoryUsage.UNKNOWN), info.ionHeaps());
    }

    @Test
    void cgroupV2NullsStayNull() throws Exception {
        ContainerInfo info = parser.parse("{\"id\":\"x\",\"state\":\"running\",\"timestamp\":1,\"cpu\":{\"usage\":"
                + "{\"percpu\":null,\"total\":5}},\"memory\":{\"user\":{\"failcnt\":null,\"limit\":-1}}}");
        assertNull(info.cpu().perCpu());
        assertNull(info.memory().failcnt());
        assertEquals(-1L, info.memory().limit());
        assertEquals(List.of(), info.pids());
    }

    @Test
    void brokenTextIsAProviderError() {
        assertEquals(ContainerException.Reason.PROVIDER_ERROR,
                assertThrows(ContainerException.class, () -> parser.parse("{oops")).reason());
        assertEquals(ContainerException.Reason.PROVIDER_ERROR,
                assertThrows(ContainerException.class, () -> parser.parse("[1]")).reason());
    }
}
