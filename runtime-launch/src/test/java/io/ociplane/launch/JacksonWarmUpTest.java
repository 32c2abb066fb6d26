package io.ociplane.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JacksonWarmUpTest {

    @Test
    void theSampleGoesThroughTheCodecPathsAndComesBackEscaped() {
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"callsign\":\"Demo\",\"note\":\"\\u00E9t\\u00E9\"}}",
                JacksonWarmUp.roundTrip());
    }
}
