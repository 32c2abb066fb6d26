package io.ociplane.oci.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;


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
    void stateNames() {
        assertEquals("Hibernated", ContainerState.HIBERNATED.displayName());
        assertEquals("running", ContainerState.RUNNING.lowerCase());
        assertEquals("unknown", ContainerState.INVALID.lowerCase());
    }
}
