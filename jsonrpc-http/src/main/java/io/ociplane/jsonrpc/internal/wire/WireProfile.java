package io.ociplane.jsonrpc.internal.wire;

import io.ociplane.jsonrpc.spi.CoreError;

/**
 * The Thunder release whose wire rules the host follows: error codes and texts, HTTP status of failed calls,
 * results of built-ins and the Controller's shapes. R4 (4.4.2+) is what RDK devices in the field run.
 */
public enum WireProfile {
    R2, R4, R5;

    static {
        // Loads this class's switch tables (a synthetic class of its own) now, while the bundle's wiring is valid:
        // the endpoint answers 503 with map() while its bundle is being updated, when a class it has not loaded yet
        // cannot be loaded any more (docs/host-restart.md). Seen as Jetty's HTML 500 in HostSwapUnderLoadIT.
        R4.map(CoreError.GENERAL);
    }

    /** HTTP status of a response that carries a JSON-RPC error. */
    public int errorHttpStatus() {
        return this == R5 ? 200 : 202;
    }

    /** Result of a successful {@code register}/{@code unregister}: {@code 0}, or {@code null} in R5. */
    public Integer registerResult() {
        return this == R5 ? null : 0;
    }

    /** Whether plugin states are written in PascalCase ({@code Activated}) rather than lower case. */
    public boolean pascalCaseStates() {
        return this == R5;
    }

    /** Maps an error a plugin (or the host acting as Controller) reported to its wire form. */
    public WireError map(CoreError error, String output, Object data) {
        WireError mapped = switch (this) {
            case R2 -> new WireError(error.code(), error.text(), data);
            case R4 -> mapR4(error, data);
            case R5 -> mapR5(error, data);
        };
        if (this != R2 && output != null && !output.isEmpty()) {
            return new WireError(mapped.code(), output, data);
        }
        return mapped;
    }

    public WireError map(CoreError error) {
        return map(error, null, null);
    }

    private static WireError mapR4(CoreError error, Object data) {
        return switch (error) {
            case INVALID_DESIGNATOR -> new WireError(-32600, "Destined invoke failed.", data);
            case UNKNOWN_METHOD -> new WireError(-32601, "Unknown method.", data);
            case INVALID_SIGNATURE -> new WireError(-32602, "Requested version is not supported.", data);
            case BAD_REQUEST -> new WireError(-32603, "Could not access requested service", data);
            case PRIVILIGED_REQUEST -> new WireError(-32604, "method invocation not allowed.", data);
            case PRIVILIGED_DEFERRED ->
                new WireError(-32604, "method invokation is deferred, Currently not allowed.", data);
            case TIMEDOUT -> new WireError(-32000, "Call timed out.", data);
            case INVALID_RANGE -> new WireError(45, "Requested version is not supported.", data);
            case INCORRECT_URL -> new WireError(15, "Designator is invalid.", data);
            case ILLEGAL_STATE -> new WireError(5, "The service is in an illegal state!!!.", data);
            case HIBERNATED -> new WireError(46, "The service is in an Hibernated state!!!.", data);
            default -> new WireError(error.code(), error.text(), data);
        };
    }

    private static WireError mapR5(CoreError error, Object data) {
        return switch (error) {
            case PARSING_ENVELOPPE -> new WireError(-32700, "Parsing of the parameters failed", data);
            case INVALID_ENVELOPPE -> new WireError(-32600, "Invalid request.", data);
            case UNKNOWN_METHOD -> new WireError(-32601, "Unknown method.", data);
            case INVALID_PARAMETER -> new WireError(-32602, "Invalid parameters.", data);
            case INTERNAL_JSONRPC -> new WireError(-32603, "Unknown JSON-RPC error.", data);
            case PRIVILIGED_REQUEST -> new WireError(-32604, "Method invocation not allowed.", data);
            case PRIVILIGED_DEFERRED ->
                new WireError(-32604, "Method invocation is deferred, currently not allowed.", data);
            case TIMEDOUT -> new WireError(-32000, "Call timed out.", data);
            case UNAVAILABLE -> new WireError(-31002, "The service is not active.", data);
            case ILLEGAL_STATE -> new WireError(-31005, "The service is in an illegal state.", data);
            case INCORRECT_URL -> new WireError(-31015, "Designator is invalid.", data);
            case INVALID_SIGNATURE -> new WireError(-31038, "Requested version is not supported.", data);
            case NOT_EXIST -> new WireError(-31043, "The service is not available.", data);
            case NOT_SUPPORTED -> new WireError(-31044, "The operation is not supported.", data);
            case HIBERNATED -> new WireError(-31046, "The service is hibernated.", data);
            case FAILED_REGISTERED -> new WireError(-31048, "Registration failed.", data);
            case FAILED_UNREGISTERED -> new WireError(-31049, "Unregister failed.", data);
            default -> new WireError(-31000 - error.code(), error.text(), data);
        };
    }

    // ---- errors the framework itself produces (docs/thunder-wire.md#framework-errors) ----

    public WireError unknownMethod() {
        return new WireError(-32601, "Unknown method.", null);
    }

    public WireError unknownCallsign() {
        return this == R5 ? map(CoreError.NOT_EXIST)
                : new WireError(-32603, "Could not access requested service", null);
    }

    public WireError unsupportedVersion() {
        return this == R5 ? map(CoreError.INVALID_SIGNATURE)
                : new WireError(-32602, "Requested version is not supported.", null);
    }

    public WireError notActive() {
        return this == R5 ? map(CoreError.UNAVAILABLE) : new WireError(2, "Service is not active", null);
    }

    public WireError duplicateRegistration() {
        return switch (this) {
            case R2 -> new WireError(29, "Duplicate registration. Only 1 remains!!!", null);
            case R4 -> new WireError(22, "Registration already done!!!.", null);
            case R5 -> map(CoreError.FAILED_REGISTERED);
        };
    }

    public WireError unknownRegistration() {
        return switch (this) {
            case R2 -> new WireError(-32601, "Registration not found!!!", null);
            case R4 -> new WireError(22, "Unregister was already done!!!.", null);
            case R5 -> map(CoreError.FAILED_REGISTERED);
        };
    }

    /** A {@code register} refused because the connection has as many registrations as it may have. */
    public WireError registrationFailed(Object reason) {
        return map(CoreError.FAILED_REGISTERED).withData(reason);
    }

    /**
     * Params of the wrong shape: not an object where the method takes named params. R5 has
     * {@code INVALID_PARAMETER} for it; R2/R4 never check (they run the method with defaults), so the host answers
     * with the same JSON-RPC code and text there (docs/wire.md).
     */
    public WireError invalidParams(Object reason) {
        return new WireError(-32602, "Invalid parameters.", reason);
    }

    /**
     * The body of an HTTP failure the server produced before or around the call (a request Jetty could not read,
     * an unknown path, a refused upgrade, a server error): 5xx as a general error, 401/403 as not allowed,
     * other statuses as an invalid request; the reason for people goes into {@code data}.
     */
    public WireError httpFailure(int status, String reason) {
        if (status >= 500) {
            return map(CoreError.GENERAL).withData(reason);
        }
        if (status == 401 || status == 403) {
            return notAllowed(reason);
        }
        return invalidRequest(reason);
    }

    /** Params that could not be bound to the method's parameter type. */
    public WireError badParams(String parserText) {
        return this == R5 ? map(CoreError.PARSE_FAILURE, parserText, null)
                : map(CoreError.PARSE_FAILURE).withData(parserText);
    }

    /** A body that is not JSON. R5 uses {@code -31050} with the parser's text. */
    public WireError parseError(String parserText) {
        return this == R5 ? new WireError(-31050, parserText, null)
                : new WireError(-32700, "Failed to parse JSONRPC message", parserText);
    }

    /** JSON that is not a JSON-RPC request (a batch, no method, not an object, too large). */
    public WireError invalidRequest(String reason) {
        return new WireError(-32600, "Invalid request.", reason);
    }

    /** A message that access control refused (Thunder's spelling, sic, before R5). */
    public WireError notAllowed(Object data) {
        return this == R5 ? map(CoreError.PRIVILIGED_REQUEST, null, data)
                : new WireError(-32604, "method invokation not allowed.", data);
    }

    /** Whether a refused message is answered with the request itself plus {@code error} (R2, R4). */
    public boolean echoesRefusedRequest() {
        return this != R5;
    }

    /** A {@code register} without {@code event} or {@code id}: R5 refuses it, older releases accept it. */
    public boolean requiresRegistrationParams() {
        return this == R5;
    }
}
