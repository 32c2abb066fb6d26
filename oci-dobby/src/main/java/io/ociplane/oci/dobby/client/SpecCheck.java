package io.ociplane.oci.dobby.client;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerException.Reason;

/**
 * A legacy Dobby spec is checked before it is sent, so a broken one is INVALID_ARGUMENT with the field named
 * rather than Dobby's -1: JSON text of an object below 1 MiB with the fields every spec needs
 * (docs/dobby-dbus.md#dobby-spec): {@code version} "1.0" or "1.1", {@code args} a non-empty array of strings,
 * {@code user} with an integer {@code uid} (not 0) and {@code gid} below 65535, {@code memLimit} a positive 32-bit
 * integer. The rest is the daemon's to judge.
 */
final class SpecCheck {

    private static final int MAX_SPEC = 1 << 20;
    private static final Set<String> VERSIONS = Set.of("1.0", "1.1");

    private final ObjectMapper json = new ObjectMapper();

    void check(String specJson) throws ContainerException {
        if (specJson == null || specJson.isBlank()) {
            throw invalid("the Dobby spec is missing");
        }
        if (specJson.length() > MAX_SPEC || specJson.indexOf('\0') >= 0) {
            throw invalid("the Dobby spec must be JSON text below 1 MiB");
        }
        Map<String, Object> spec;
        try {
            spec = json.readValue(specJson, new TypeReference<Map<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw invalid("the Dobby spec is not a JSON object: " + e.getOriginalMessage());
        }
        if (spec == null) {
            throw invalid("the Dobby spec must be a JSON object");
        }
        if (!(spec.get("version") instanceof String v) || !VERSIONS.contains(v)) {
            throw invalid("the Dobby spec needs \"version\": \"1.0\" or \"1.1\"");
        }
        if (!(spec.get("args") instanceof List<?> args) || args.isEmpty()
                || !args.stream().allMatch(String.class::isInstance)) {
            throw invalid("the Dobby spec needs \"args\": a non-empty array of strings");
        }
        if (!(spec.get("user") instanceof Map<?, ?> user) || !isIntIn(user.get("uid"), 1, 65534)
                || !isIntIn(user.get("gid"), 0, 65534)) {
            throw invalid("the Dobby spec needs \"user\": {\"uid\": 1..65534, \"gid\": 0..65534}");
        }
        if (!isIntIn(spec.get("memLimit"), 1, 0xFFFF_FFFFL)) {
            throw invalid("the Dobby spec needs \"memLimit\": bytes, 1..4294967295");
        }
    }

    /** An integer (never a fraction) within the range; Jackson reads large ones as BigInteger. */
    private static boolean isIntIn(Object value, long min, long max) {
        if (!(value instanceof Integer || value instanceof Long || value instanceof BigInteger)) {
            return false;
        }
        BigInteger v = new BigInteger(value.toString());
        return v.compareTo(BigInteger.valueOf(min)) >= 0 && v.compareTo(BigInteger.valueOf(max)) <= 0;
    }

    private static ContainerException invalid(String message) {
        return new ContainerException(Reason.INVALID_ARGUMENT, message);
    }
}
