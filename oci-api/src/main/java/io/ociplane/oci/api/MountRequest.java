package io.ociplane.oci.api;

import java.util.List;

/**
 * A mount into a running container.
 *
 * @param flags mount flag names, e.g. {@code bind}, {@code ro} (a provider may require {@code bind} or
 *            {@code rbind})
 * @param data file-system specific data handed to mount(2), or empty
 */
public record MountRequest(String source, String destination, List<String> flags, String data) {

    public MountRequest {
        flags = flags == null ? List.of() : List.copyOf(flags);
        data = data == null ? "" : data;
    }
}
