package io.ociplane.run;

import org.junit.After;
import org.junit.AfterClass;

/**
 * An integration test class whose Dobby client and Dobby-compatible service meet on a private bus ({@link DobbyBus},
 * started by its configuration): the Dobby bundles stop after each test while the bus is still there, so that their
 * connections close before the daemon goes, and the bus stops after the class.
 */
public abstract class OnDobbyBus extends InRuntime {

    @After
    public void stopDobby() throws Exception {
        DobbyBus.stopDobbyBundles(context);
    }

    @AfterClass
    public static void stopBus() {
        DobbyBus.stop();
    }
}
