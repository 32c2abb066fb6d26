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

/** GetInfo as the real v3.19.1 daemon prints it (docs/dobby-dbus.md#getinfo), parsed rather than matched. */
class InfoParserTest {

    /** docs/dobby-dbus.md#getinfo, with an annotation (which comes first, keys being sorted). */
    static String realGetInfo() throws java.io.IOException {
        try (java.io.InputStream in = InfoParserTest.class.getResourceAsStream("/dobby/getinfo-v3.19.1.json")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private final InfoParser parser = new InfoParser();

    @Test
    void theRealDaemonsText() throws Exception {
        String real = realGetInfo();
        ContainerInfo info = parser.parse(real);
        assertEquals("tb1", info.id());
        assertEquals(ContainerState.PAUSED, info.state());
        assertEquals(901722227006L, info.timestamp());
        assertEquals(11827550L, info.cpu().total());
        assertEquals(List.of(842661L, 10984889L), info.cpu().perCpu());
        assertEquals(9223372036854771712L, info.memory().limit());
        assertEquals(List.of(28730), info.pids());
        assertEquals(new ContainerInfo.ProcessInfo(28730, 1, "/usr/bin/sleep", "sleep 60 "), info.processes().get(0));
        assertEquals(Map.of("mykey", "myvalue"), info.annotations());
        assertEquals(real, info.json());
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
