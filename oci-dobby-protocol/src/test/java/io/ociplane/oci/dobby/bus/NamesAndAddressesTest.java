package io.ociplane.oci.dobby.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** Configuration values are checked when read, not when first used. */
class NamesAndAddressesTest {

    @Test
    void dobbyNames() {
        DobbyNames sky = new DobbyNames("com.sky.dobby", "/com/sky/dobby", "com.sky.dobby");
        assertEquals("com.sky.dobby.ctrl1", sky.ctrl());
        assertEquals("org.rdk.dobby.admin1", DobbyNames.RDK.admin());
        assertThrows(IllegalArgumentException.class, () -> new DobbyNames("nodots", "/o", "a.b"));
        assertThrows(IllegalArgumentException.class, () -> new DobbyNames("a.b", "o/rel", "a.b"));
        assertThrows(IllegalArgumentException.class, () -> new DobbyNames("a.b", "/o/", "a.b"));
        assertThrows(IllegalArgumentException.class, () -> new DobbyNames("a.b", "/o", "a-b.c"));
        assertThrows(IllegalArgumentException.class, () -> new DobbyNames(null, "/o", "a.b"));
    }

    @Test
    void busAddresses() {
        assertEquals(Path.of("/var/run/dbus/system_bus_socket"), BusAddresses.socketPath(BusAddresses.SYSTEM_BUS));
        assertEquals(Path.of("/tmp/b"), BusAddresses.socketPath("unix:path=/tmp/b,guid=0123"));
        assertThrows(IllegalArgumentException.class, () -> BusAddresses.check("unix:abstract=/tmp/x"));
        assertThrows(IllegalArgumentException.class, () -> BusAddresses.check("tcp:host=localhost,port=1"));
        assertThrows(IllegalArgumentException.class, () -> BusAddresses.check("unix:path=relative"));
        assertThrows(IllegalArgumentException.class, () -> BusAddresses.check("unix:path=/a;unix:path=/b"));
    }

    @Test
    void backoffDoublesUpToItsCapAndStartsOverAfterASuccess() {
        Backoff b = new Backoff(100, 350);
        assertEquals(100, b.nextDelayMillis());
        assertEquals(200, b.nextDelayMillis());
        assertEquals(350, b.nextDelayMillis());
        assertEquals(350, b.nextDelayMillis());
        b.reset();
        assertEquals(100, b.nextDelayMillis());
        assertThrows(IllegalArgumentException.class, () -> new Backoff(0, 1));
    }
}
