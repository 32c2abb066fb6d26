package io.ociplane.jsonrpc.spi;

/** The shapes of the functions a plugin registers for its methods and properties. */
public final class Handlers {

    private Handlers() {
    }

    /** A method whose params are bound to {@code P} with Jackson (use {@code JsonNode} to read them raw). */
    @FunctionalInterface
    public interface Method<P, R> {
        R call(P params) throws JsonRpcException;
    }

    /** A method that takes no params. */
    @FunctionalInterface
    public interface NoParams<R> {
        R call() throws JsonRpcException;
    }

    /** A property read; {@code index} is the text after {@code @}, or {@code null} when there is none. */
    @FunctionalInterface
    public interface Getter<R> {
        R get(String index) throws JsonRpcException;
    }

    /** A property write; the value is bound to {@code P} with Jackson. */
    @FunctionalInterface
    public interface Setter<P> {
        void set(String index, P value) throws JsonRpcException;
    }
}
