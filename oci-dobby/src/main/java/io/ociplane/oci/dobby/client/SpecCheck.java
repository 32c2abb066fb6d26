package io.ociplane.oci.dobby.client;

import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerException.Reason;
import io.ociplane.oci.api.ContainerIds;

/** A legacy Dobby spec is checked before it is sent, so a broken one is INVALID_ARGUMENT rather than Dobby's -1. */
final class SpecCheck {

    private static final int MAX_SPEC = 1 << 20;

    private final ObjectMapper json = new ObjectMapper();

    void check(String specJson) throws ContainerException {
        if (specJson == null || specJson.isBlank()) {
            throw new ContainerException(Reason.INVALID_ARGUMENT, "the Dobby spec is missing");
        }
        if (specJson.length() > MAX_SPEC || specJson.indexOf('\0') >= 0) {
            throw new ContainerException(Reason.INVALID_ARGUMENT, "the Dobby spec must be JSON text below 1 MiB");
        }
        Map<String, Object> spec;
        try {
            spec = json.readValue(specJson, new TypeReference<Map<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new ContainerException(Reason.INVALID_ARGUMENT, "the Dobby spec is not a JSON object: "
                    + e.getOriginalMessage());
        }
        ContainerIds.checkSpecShape(spec);
    }
}
