package io.ociplane.demo;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

import com.fasterxml.jackson.databind.JsonNode;

import io.ociplane.jsonrpc.spi.CoreError;
import io.ociplane.jsonrpc.spi.EventSink;
import io.ociplane.jsonrpc.spi.JsonRpcException;
import io.ociplane.jsonrpc.spi.JsonRpcPlugin;
import io.ociplane.jsonrpc.spi.PluginApi;

/**
 * A small plugin that exercises every part of the host SPI: a trivial method (for benchmarks), typed params,
 * read-only and read/write properties with index, events and errors. Immediate: the instance lives as long as its
 * configuration (the plugin file's callsign is activated), not as long as a host uses it, so it outlives a host
 * update (docs/bundles.md).
 */
@Component(service = JsonRpcPlugin.class, configurationPid = JsonRpcPlugin.FACTORY_PID_PREFIX + "Demo",
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
public class DemoPlugin implements JsonRpcPlugin {

    /** Params of {@code add}. */
    public record AddParams(long a, long b) {
    }

    /** Result of {@code add}. */
    public record Sum(long sum) {
    }

    private final AtomicLong counter = new AtomicLong();
    private volatile String greeting;
    private volatile String callsign;

    @Activate
    void activate(Map<String, Object> props) {
        Object g = props.get("greeting");
        greeting = g == null ? "hello" : g.toString();
        callsign = String.valueOf(props.get(CALLSIGN));
    }

    @Override
    public PluginApi define(EventSink events) {
        return PluginApi.builder().module("Plugin_Demo").version(1, 0, 0).versions(1, 2).interfaceVersion("Demo", 1, 0, 0)
                .method("ping", () -> "pong")
                .method("add", AddParams.class, p -> new Sum(p.a() + p.b()))
                .method("echo", JsonNode.class, p -> p.isMissingNode() ? null : p)
                .method("whoami", () -> Map.of("callsign", callsign, "greeting", greeting))
                .method("fire", JsonNode.class, p -> {
                    String index = p.hasNonNull("index") ? p.get("index").asText() : null;
                    events.emit("fired", index, p.get("payload"));
                    return null;
                })
                .method("fail", JsonNode.class, p -> {
                    throw new JsonRpcException(CoreError.of(p.path("code").asInt(1)),
                            p.hasNonNull("output") ? p.get("output").asText() : null, "asked to fail");
                })
                .method("crash", () -> {
                    throw new IllegalStateException("a bug in the plugin");
                })
                .property("greeting", index -> index == null ? greeting : greeting + ", " + index)
                .property("counter", index -> counter.get(), Long.class, (index, value) -> {
                    if (value == null) {
                        throw new JsonRpcException(CoreError.BAD_REQUEST, "counter needs a number");
                    }
                    counter.set(value);
                })
                .event("fired")
                .build();
    }
}
