package io.ociplane.containers;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The network interfaces and addresses a container sees, read from its network namespace by iproute2
 * ({@code ip -json addr}, netlink) run inside that namespace with {@code nsenter}. Arguments are passed as an
 * array; the only variable one is the numeric pid.
 */
final class NetworkInterfaces {

    private static final long TIMEOUT_MS = 3000;
    private final ObjectMapper mapper = new ObjectMapper();

    /**
     * @return {@code [{"interface":..,"ips":[..]}]}, {@code ips} left out when an interface has none
     * @throws IOException when the namespace cannot be read
     */
    List<Map<String, Object>> of(int pid) throws IOException {
        Process p = new ProcessBuilder("nsenter", "--target", Integer.toString(pid), "--net", "--", "ip", "-json",
                "addr", "show").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        JsonNode links;
        try {
            links = mapper.readTree(p.getInputStream());
            if (!p.waitFor(TIMEOUT_MS, TimeUnit.MILLISECONDS) || p.exitValue() != 0) {
                throw new IOException("cannot read the network namespace of pid " + pid);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            p.destroyForcibly();
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (JsonNode link : links == null ? mapper.createArrayNode() : links) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("interface", link.path("ifname").asText());
            List<String> ips = new ArrayList<>();
            for (JsonNode addr : link.path("addr_info")) {
                if (addr.hasNonNull("local")) {
                    ips.add(addr.get("local").asText());
                }
            }
            if (!ips.isEmpty()) {
                entry.put("ips", ips);
            }
            out.add(entry);
        }
        return out;
    }
}
