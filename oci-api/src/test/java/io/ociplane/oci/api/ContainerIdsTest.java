package io.ociplane.oci.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ContainerIdsTest {

    @Test
    void idRulesAreDobbys() {
        assertTrue(ContainerIds.isValidId("com.bskyb.epgui"));
        assertTrue(ContainerIds.isValidId("a"));
        assertTrue(ContainerIds.isValidId("Sleep_Test-1"));
        assertTrue(ContainerIds.isValidId("x".repeat(128)));
        assertFalse(ContainerIds.isValidId("x".repeat(129)));
        assertFalse(ContainerIds.isValidId(""));
        assertFalse(ContainerIds.isValidId(null));
        assertFalse(ContainerIds.isValidId("91"));
        assertFalse(ContainerIds.isValidId("a..b"));
        assertFalse(ContainerIds.isValidId("bad id/x"));
        assertFalse(ContainerIds.isValidId("../etc"));
        assertFalse(ContainerIds.isValidId("é"));
    }

    @Test
    void pathsMustBeAbsoluteAndClean() throws ContainerException {
        assertEquals("/containers/sleepy", ContainerIds.checkAbsolutePath("bundlePath", "/containers/sleepy"));
        for (String bad : new String[] { "", "relative/x", "/a/../etc", "/a/./b", "/a\nb", "/" + "x".repeat(5000) }) {
            ContainerException e = assertThrows(ContainerException.class,
                    () -> ContainerIds.checkAbsolutePath("bundlePath", bad));
            assertEquals(ContainerException.Reason.INVALID_ARGUMENT, e.reason());
            assertTrue(e.getMessage().startsWith("bundlePath"), e.getMessage());
        }
    }

    @Test
    void specShape() throws ContainerException {
        Map<String, Object> good = Map.of("version", "1.0", "args", List.of("sleep", "60"),
                "user", Map.of("uid", 1000, "gid", 1000), "memLimit", 41943040);
        ContainerIds.checkSpecShape(good);
        assertThrows(ContainerException.class, () -> ContainerIds.checkSpecShape(Map.of("version", "1.0")));
        assertThrows(ContainerException.class, () -> ContainerIds.checkSpecShape(Map.of("version", "2",
                "args", List.of("a"), "user", Map.of("uid", 1, "gid", 1), "memLimit", 1)));
        assertThrows(ContainerException.class, () -> ContainerIds.checkSpecShape(Map.of("version", "1.0",
                "args", List.of("a"), "user", Map.of("uid", 0, "gid", 1), "memLimit", 1)));
        assertThrows(ContainerException.class, () -> ContainerIds.checkSpecShape(Map.of("version", "1.0",
                "args", List.of(), "user", Map.of("uid", 1, "gid", 1), "memLimit", 1)));
        assertThrows(ContainerException.class, () -> ContainerIds.checkSpecShape(Map.of("version", "1.0",
                "args", List.of("a"), "user", Map.of("uid", 1, "gid", 1), "memLimit", 1L << 33)));
    }

    @Test
    void stateCodesAndNames() {
        assertEquals(ContainerState.PAUSED, ContainerState.ofWireCode(4));
        assertEquals(ContainerState.INVALID, ContainerState.ofWireCode(-1));
        assertEquals("Hibernated", ContainerState.HIBERNATED.displayName());
        assertEquals("running", ContainerState.RUNNING.infoName());
    }
}
