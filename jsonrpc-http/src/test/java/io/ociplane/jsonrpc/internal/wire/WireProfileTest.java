package io.ociplane.jsonrpc.internal.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.ociplane.jsonrpc.spi.CoreError;

class WireProfileTest {

    private static void check(WireError e, int code, String message) {
        assertEquals(code, e.code());
        assertEquals(message, e.message());
    }

    @Test
    void pluginErrorsPerProfile() {
        check(WireProfile.R2.map(CoreError.UNAVAILABLE), 2, "ERROR_UNAVAILABLE");
        check(WireProfile.R4.map(CoreError.UNAVAILABLE), 2, "ERROR_UNAVAILABLE");
        check(WireProfile.R5.map(CoreError.UNAVAILABLE), -31002, "The service is not active.");
        check(WireProfile.R2.map(CoreError.GENERAL), 1, "ERROR_GENERAL");
        check(WireProfile.R4.map(CoreError.GENERAL), 1, "ERROR_GENERAL");
        check(WireProfile.R5.map(CoreError.GENERAL), -31001, "ERROR_GENERAL");
        check(WireProfile.R2.map(CoreError.BAD_REQUEST), 30, "ERROR_BAD_REQUEST");
        check(WireProfile.R4.map(CoreError.BAD_REQUEST), -32603, "Could not access requested service");
        check(WireProfile.R5.map(CoreError.BAD_REQUEST), -31030, "ERROR_BAD_REQUEST");
        check(WireProfile.R4.map(CoreError.TIMEDOUT), -32000, "Call timed out.");
        check(WireProfile.R2.map(CoreError.TIMEDOUT), 11, "ERROR_TIMEDOUT");
        check(WireProfile.R4.map(CoreError.UNKNOWN_KEY), 22, "ERROR_UNKNOWN_KEY");
        check(WireProfile.R5.map(CoreError.UNKNOWN_KEY), -31022, "ERROR_UNKNOWN_KEY");
        check(WireProfile.R4.map(CoreError.PRIVILIGED_REQUEST), -32604, "method invocation not allowed.");
    }

    @Test
    void outputReplacesMessageExceptInR2() {
        check(WireProfile.R4.map(CoreError.UNAVAILABLE, "{}", null), 2, "{}");
        check(WireProfile.R5.map(CoreError.UNAVAILABLE, "[]", null), -31002, "[]");
        check(WireProfile.R2.map(CoreError.UNAVAILABLE, "{}", null), 2, "ERROR_UNAVAILABLE");
        check(WireProfile.R4.map(CoreError.UNAVAILABLE, "", null), 2, "ERROR_UNAVAILABLE");
    }

    @Test
    void frameworkErrorsPerProfile() {
        check(WireProfile.R4.notActive(), 2, "Service is not active");
        check(WireProfile.R5.notActive(), -31002, "The service is not active.");
        check(WireProfile.R4.unknownCallsign(), -32603, "Could not access requested service");
        check(WireProfile.R5.unknownCallsign(), -31043, "The service is not available.");
        check(WireProfile.R4.unsupportedVersion(), -32602, "Requested version is not supported.");
        check(WireProfile.R5.unsupportedVersion(), -31038, "Requested version is not supported.");
        check(WireProfile.R2.duplicateRegistration(), 29, "Duplicate registration. Only 1 remains!!!");
        check(WireProfile.R4.duplicateRegistration(), 22, "Registration already done!!!.");
        check(WireProfile.R5.duplicateRegistration(), -31048, "Registration failed.");
        check(WireProfile.R2.unknownRegistration(), -32601, "Registration not found!!!");
        check(WireProfile.R4.unknownRegistration(), 22, "Unregister was already done!!!.");
        check(WireProfile.R5.unknownRegistration(), -31048, "Registration failed.");
        check(WireProfile.R4.unknownMethod(), -32601, "Unknown method.");
        check(WireProfile.R5.parseError("Unexpected character"), -31050, "Unexpected character");
        check(WireProfile.R4.badParams("x"), 50, "ERROR_PARSE_FAILURE");
        check(WireProfile.R5.badParams("Cannot deserialize"), -31050, "Cannot deserialize");
    }

    @Test
    void httpStatusAndRegisterResult() {
        assertEquals(202, WireProfile.R2.errorHttpStatus());
        assertEquals(202, WireProfile.R4.errorHttpStatus());
        assertEquals(200, WireProfile.R5.errorHttpStatus());
        assertEquals(0, WireProfile.R4.registerResult());
        assertEquals(null, WireProfile.R5.registerResult());
    }
}
