package io.ociplane.oci.api;

import java.util.List;

/**
 * A network interface a container sees, with its addresses.
 *
 * @param name the interface name in the container's network namespace, e.g. {@code eth0}
 * @param addresses its IPv4 and IPv6 addresses without prefix length, in the order the kernel lists them
 */
public record InterfaceAddresses(String name, List<String> addresses) {

    public InterfaceAddresses {
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
    }
}
