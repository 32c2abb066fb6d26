package io.ociplane.launch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.osgi.annotation.bundle.Header;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Puts one JSON-RPC request and its answer through Jackson, the way the host's codec does (strict tree read,
 * params bound to a record, a record written with non-ASCII escaped), on a thread of its own when this bundle
 * starts. Jackson's first use costs about 100 ms of class loading and initialisation, shared by every bundle wired
 * to it; run.bndrun starts this bundle first, so on a device's second core that work is done while Jetty starts
 * instead of on the way to the host's first answer.
 */
@Header(name = Constants.BUNDLE_ACTIVATOR, value = "${@class}")
public final class JacksonWarmUp implements BundleActivator {

    private static final byte[] SAMPLE = ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"Demo.1.echo\","
            + "\"params\":{\"callsign\":\"Demo\",\"note\":\"\u00e9t\u00e9\"}}").getBytes(StandardCharsets.UTF_8);

    /** The params of the sample, bound as the host binds a plugin's typed params. */
    record Echo(String callsign, String note) {
    }

    /** The answer, written as the host writes a plugin's result. */
    record Answer(String jsonrpc, JsonNode id, Echo result) {
    }

    private Thread thread;

    @Override
    public void start(BundleContext context) {
        thread = new Thread(JacksonWarmUp::roundTrip, "jackson-warm-up");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }

    @Override
    public void stop(BundleContext context) throws InterruptedException {
        thread.join(5_000);
    }

    /** Reads the sample request and writes the answer that echoes its params; returns the answer. */
    static String roundTrip() {
        ObjectMapper mapper = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
                .build();
        try {
            JsonNode request = mapper.reader()
                    .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .readTree(SAMPLE);
            Echo params = mapper.treeToValue(request.get("params"), Echo.class);
            Answer answer = new Answer("2.0", request.get("id"), params);
            return new String(mapper.writeValueAsBytes(answer), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("the warm-up sample is a valid request", e);
        }
    }
}
