package io.ociplane.oci.api;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class AnnotationLimitsTest {

    private final AnnotationLimits limits = new AnnotationLimits(2, 4, 6);

    private static String refusal(org.junit.jupiter.api.function.Executable call) {
        return assertThrows(ContainerException.class, call).getMessage();
    }

    @Test
    void sizesAreUtf8Bytes() {
        assertDoesNotThrow(() -> limits.checkEntry("kkkk", "vvvvvv"));
        assertDoesNotThrow(() -> limits.checkEntry("k", ""));
        assertTrue(refusal(() -> limits.checkEntry("kkkkk", "v")).contains("key is 5 bytes long; at most 4"));
        assertTrue(refusal(() -> limits.checkEntry("é", "ééé€")).contains("value is 9 bytes long; at most 6"));
        assertTrue(refusal(() -> limits.checkEntry("", "v")).contains("non-empty key"));
        assertTrue(limits.fits("kkkk", "vvvvvv"));
        assertFalse(limits.fits("kk", "vvvvvvv"));
        assertFalse(limits.fits("", "v"));
    }

    @Test
    void aFullContainerTakesNoNewKeyButMayReplaceOne() {
        Map<String, String> full = Map.of("a", "1", "b", "2");
        assertDoesNotThrow(() -> limits.checkRoom("c1", full, "a"));
        assertTrue(refusal(() -> limits.checkRoom("c1", full, "c")).contains("'c1' already has 2 annotations"));
        assertDoesNotThrow(() -> limits.checkRoom("c1", Map.of("a", "1"), "c"));
        assertThrows(IllegalArgumentException.class, () -> new AnnotationLimits(1, 0, 1));
    }
}
