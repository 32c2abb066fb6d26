package io.ociplane.oci.api;

import java.util.List;

/**
 * A mount into a running container (Dobby {@code Mount}).
 *
 * @param flags mount flag names ({@code bind} or {@code rbind} required by Dobby, then e.g. {@code ro})
 * @param data file-system specific data handed to mount(2), or empty
 */
public record MountRequest(String source, String destination, List<String> flags, String data) {

    public MountRequest {
        flags = flags == null ? List.of() : List.copyOf(flags);
        data = data == null ? "" : data;
    }
}
