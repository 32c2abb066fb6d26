package io.ociplane.jsonrpc.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OriginsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "http://localhost,                       http://localhost",
        "http://localhost/,                      http://localhost",
        "HTTP://LOCALHOST:80/a/b?c=d#e,          http://localhost",
        "https://App.Example.com:443/index.html, https://app.example.com",
        "https://app.example.com:80,             https://app.example.com:80",
        "http://app.example.com:443,             http://app.example.com:443",
        "ws://127.0.0.1:80,                      ws://127.0.0.1",
        "wss://127.0.0.1:443,                    wss://127.0.0.1",
        "wss://127.0.0.1:0443,                   wss://127.0.0.1",
        "http://127.0.0.1:9998,                  http://127.0.0.1:9998",
        "http://localhost:,                      http://localhost",
        "https://user:secret@host.test/,         https://host.test",
        "http://[::1]:9998/jsonrpc,              http://[::1]:9998",
        "http://[::1]:80,                        http://[::1]",
        "file://host/path,                       file://host",
        "https://host.test\\evil,                https://host.test",
    })
    void origin(String url, String origin) {
        assertEquals(origin, Origins.of(url));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "localhost", "//localhost", "http:/localhost", "http://", "http:///path",
        "http://host:port", "http://host:65536", "http://host:123456", "http://ho st", "http://[::1", "http://[::1]x",
        "1http://host", "http://host%2ecom", "http://exa<mple.com" })
    void noOrigin(String url) {
        assertNull(Origins.of(url));
    }

    @Test
    void nullHasNoOrigin() {
        assertNull(Origins.of(null));
    }
}
