package io.ociplane.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TableTest {

    @Test
    void columnsAreAsWideAsTheirWidestCellAndLinesEndWithoutBlanks() {
        String t = new Table("ID", "DESCRIPTOR", "STATE").row("sleepy", "91", "Running").row("a", null, "").toString();
        assertEquals("ID      DESCRIPTOR  STATE\nsleepy  91          Running\na\n", t);
    }
}
