package io.ociplane.jsonrpc.internal.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DesignatorTest {

    private static void check(String text, String callsign, int version, String method, String index) {
        assertEquals(new Designator(callsign, version, method, index), Designator.parse(text), text);
    }

    @Test
    void conformanceVectors() {
        check("org.rdk.System.1.getX", "org.rdk.System", 1, "getX", null);
        check("Controller.1.status@org.rdk.System", "Controller", 1, "status", "org.rdk.System");
        check("1.activate", "", 1, "activate", null);
        check("activate", "", -1, "activate", null);
        check("DeviceInfo.systeminfo", "DeviceInfo", -1, "systeminfo", null);
    }

    @Test
    void dottedCallsignsWithAndWithoutVersion() {
        check("org.rdk.OCIContainer.1.listContainers", "org.rdk.OCIContainer", 1, "listContainers", null);
        check("org.rdk.OCIContainer.listContainers", "org.rdk.OCIContainer", -1, "listContainers", null);
        check("Containers.1.memory@com.bskyb.epgui", "Containers", 1, "memory", "com.bskyb.epgui");
    }

    @Test
    void versionSegmentRules() {
        check("X.254.m", "X", 254, "m", null);
        check("X.255.m", "X.255", -1, "m", null); // 255 is not a version: part of the callsign
        check("X.0001.m", "X.0001", -1, "m", null); // more than 3 digits
        check("7.m", "", 7, "m", null);
        check("a.b.c.2.m@", "a.b.c", 2, "m", "");
        check("X.1.m@a@b", "X", 1, "m@a", "b"); // only the last @ starts the index
    }

    @Test
    void emptyMethod() {
        check("X.1.", "X", 1, "", null);
    }
}
