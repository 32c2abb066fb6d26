package io.ociplane.jsonrpc.spi;

/** Thunder's {@code Core::ERROR_*} codes, as plugins report failures; the host maps them onto the wire per profile. */
public enum CoreError {
    NONE(0), GENERAL(1), UNAVAILABLE(2), ASYNC_FAILED(3), ASYNC_ABORTED(4), ILLEGAL_STATE(5), OPENING_FAILED(6),
    ACCEPT_FAILED(7), PENDING_SHUTDOWN(8), ALREADY_CONNECTED(9), CONNECTION_CLOSED(10), TIMEDOUT(11),
    INPROGRESS(12), COULD_NOT_SET_ADDRESS(13), INCORRECT_HASH(14), INCORRECT_URL(15), INVALID_INPUT_LENGTH(16),
    DESTRUCTION_SUCCEEDED(17), DESTRUCTION_FAILED(18), CLOSING_FAILED(19), PROCESS_TERMINATED(20),
    PROCESS_KILLED(21), UNKNOWN_KEY(22), INCOMPLETE_CONFIG(23), PRIVILIGED_REQUEST(24), RPC_CALL_FAILED(25),
    UNREACHABLE_NETWORK(26), REQUEST_SUBMITTED(27), UNKNOWN_TABLE(28), DUPLICATE_KEY(29), BAD_REQUEST(30),
    PENDING_CONDITIONS(31), SURFACE_UNAVAILABLE(32), PLAYER_UNAVAILABLE(33), FIRST_RESOURCE_NOT_FOUND(34),
    SECOND_RESOURCE_NOT_FOUND(35), ALREADY_RELEASED(36), NEGATIVE_ACKNOWLEDGE(37), INVALID_SIGNATURE(38),
    READ_ERROR(39), WRITE_ERROR(40), INVALID_DESIGNATOR(41), UNAUTHENTICATED(42), NOT_EXIST(43),
    NOT_SUPPORTED(44), INVALID_RANGE(45), HIBERNATED(46), INPROC(47), FAILED_REGISTERED(48),
    FAILED_UNREGISTERED(49), PARSE_FAILURE(50), PRIVILIGED_DEFERRED(51), INVALID_ENVELOPPE(52),
    UNKNOWN_METHOD(53), INVALID_PARAMETER(54), INTERNAL_JSONRPC(55), PARSING_ENVELOPPE(56),
    COMPOSIT_OBJECT(57), ABORTED(58), CANCEL(59);

    private static final CoreError[] BY_CODE = values();

    private final int code;

    CoreError(int code) {
        this.code = code;
    }

    /** The numeric value of {@code Core::ERROR_<name>}. */
    public int code() {
        return code;
    }

    /** The text Thunder uses for the code: {@code ERROR_<NAME>}. */
    public String text() {
        return "ERROR_" + name();
    }

    /** The error with that numeric value, or {@code null} when Thunder defines none. */
    public static CoreError of(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
