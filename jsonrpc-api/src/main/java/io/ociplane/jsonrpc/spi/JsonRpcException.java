package io.ociplane.jsonrpc.spi;

/**
 * A failed call, as a plugin reports it: a Thunder error code, optionally the output text the method produced
 * (Thunder R4.4+/R5 put it in {@code message}) and a human-readable reason sent as the error's {@code data}.
 */
public class JsonRpcException extends Exception {

    private static final long serialVersionUID = 1L;

    private final CoreError error;
    private final String output;
    private final transient Object data;
    private final boolean serviceNotActive;

    public JsonRpcException(CoreError error, String reason) {
        this(error, null, reason);
    }

    /**
     * @param error the Thunder error code
     * @param output text the method wrote before failing, or {@code null}
     * @param data a reason for people (sent as {@code error.data}), or {@code null}
     */
    public JsonRpcException(CoreError error, String output, Object data) {
        this(error, output, data, false);
    }

    private JsonRpcException(CoreError error, String output, Object data, boolean serviceNotActive) {
        super(error.text() + (data == null ? "" : ": " + data), null, false, false);
        this.error = error;
        this.output = output;
        this.data = data;
        this.serviceNotActive = serviceNotActive;
    }

    /**
     * The failure Thunder gives for a plugin that is not active ({@code {"code":2,"message":"Service is not
     * active"}} in R4), for a plugin that is up but cannot serve, e.g. because what it needs is missing.
     */
    public static JsonRpcException serviceNotActive(Object reason) {
        return new JsonRpcException(CoreError.UNAVAILABLE, null, reason, true);
    }

    /** Whether this is {@link #serviceNotActive(Object)}. */
    public boolean isServiceNotActive() {
        return serviceNotActive;
    }

    public CoreError error() {
        return error;
    }

    /** The method's output text, which replaces the message on the wire in profiles that do so. */
    public String output() {
        return output;
    }

    /** The reason for people, sent as the error's {@code data} member; may be {@code null}. */
    public Object data() {
        return data;
    }
}
