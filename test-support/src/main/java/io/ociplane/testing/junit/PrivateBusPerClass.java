package io.ociplane.testing.junit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.ociplane.testing.PrivateBus;

/**
 * A {@link PrivateBus} for the tests of one class, started before the first and stopped (its directory removed)
 * after the last, also when one failed: {@code @RegisterExtension static final PrivateBusPerClass BUS = new ...}.
 */
public final class PrivateBusPerClass implements BeforeAllCallback, AfterAllCallback {

    private PrivateBus bus;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        bus = PrivateBus.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (bus != null) {
            bus.close();
            bus = null;
        }
    }

    /** The running bus (from the first test of the class on). */
    public PrivateBus bus() {
        if (bus == null) {
            throw new IllegalStateException("the bus is started before the first test of the class");
        }
        return bus;
    }

    public String address() {
        return bus().address();
    }
}
