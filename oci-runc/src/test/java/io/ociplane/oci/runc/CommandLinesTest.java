package io.ociplane.oci.runc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.ociplane.oci.api.ContainerException;

class CommandLinesTest {

    @Test
    void splitsOnSingleSpacesWithoutQuoting() throws ContainerException {
        assertEquals(List.of("sleep", "60"), CommandLines.split("command", "sleep 60"));
        assertEquals(List.of("sh", "-c", "'echo", "hi'"), CommandLines.split("command", "sh -c 'echo hi'"));
        assertEquals(List.of("a", "", "b", ""), CommandLines.split("command", "a  b "), "as Dobby: empty words");
    }

    @Test
    void refusesWhatCannotBeAnArgument() {
        for (String bad : new String[] { null, "", " x", "a\0b", "a\nb" }) {
            assertThrows(ContainerException.class, () -> CommandLines.split("command", bad), String.valueOf(bad));
        }
    }

    @Test
    void environmentEntries() throws ContainerException {
        assertEquals("A_1=x=y", CommandLines.checkEnv("A_1=x=y"));
        assertEquals("A=", CommandLines.checkEnv("A="));
        for (String bad : new String[] { null, "A", "=x", "A-B=x", "A B=x", "A=x\ny", "Ä=x" }) {
            assertThrows(ContainerException.class, () -> CommandLines.checkEnv(bad), String.valueOf(bad));
        }
    }
}
