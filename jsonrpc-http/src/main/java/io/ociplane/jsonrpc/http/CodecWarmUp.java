package io.ociplane.jsonrpc.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.osgi.annotation.bundle.Header;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;

import io.ociplane.jsonrpc.wire.JsonCodec;
import io.ociplane.jsonrpc.wire.MalformedRequestException;
import io.ociplane.jsonrpc.wire.Request;
import io.ociplane.jsonrpc.wire.WireProfile;

/**
 * Runs one request through a throw-away codec on a thread of its own when this bundle starts. Jackson's first use
 * costs about 100 ms of class initialisation; this bundle starts before the HTTP server does, so on a device's
 * second core that work is done while Jetty starts instead of on the way to the host's first answer.
 */
@Header(name = Constants.BUNDLE_ACTIVATOR, value = "${@class}")
public final class CodecWarmUp implements BundleActivator {

    private static final byte[] SAMPLE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"Controller.1.status@Demo\",\"params\":{}}"
            .getBytes(StandardCharsets.US_ASCII);

    private Thread thread;

    @Override
    public void start(BundleContext context) {
        thread = new Thread(CodecWarmUp::warmUp, "jsonrpc-codec-warm-up");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }

    @Override
    public void stop(BundleContext context) throws InterruptedException {
        thread.join(5_000);
    }

    private static void warmUp() {
        JsonCodec codec = new JsonCodec(WireProfile.R4);
        try {
            Request request = codec.readRequest(SAMPLE, SAMPLE.length);
            codec.result(request.id(), Map.of("state", "activated", "callsign", "Demo"));
            codec.error(request.id(), WireProfile.R4.notActive());
            codec.event("client.statechange", Map.of("callsign", "Demo"));
        } catch (MalformedRequestException e) {
            throw new IllegalStateException("the warm-up sample is a valid request", e);
        }
    }
}
