package io.ociplane.oci.runc;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The host tools that give {@code nat} containers their network, found on {@code PATH}: iproute2's {@code ip}
 * (Debian package iproute2), {@code nft} (nftables), {@code nsenter} (util-linux) and a POSIX shell for the
 * runtime hook. Each is {@code null} when missing; {@code nat} is then refused with the list of what is missing.
 */
record NetTools(Path ip, Path nft, Path nsenter, Path shell) {

    static NetTools find(String path) {
        return new NetTools(find("ip", path), find("nft", path), find("nsenter", path), find("sh", path));
    }

    private static Path find(String name, String path) {
        return RuntimeSetup.findExecutable(name, path).orElse(null);
    }

    /** What is missing for {@code nat}, as {@code "ip (iproute2), nft (nftables)"}, or {@code null} for nothing. */
    String missing() {
        List<String> out = new ArrayList<>();
        if (ip == null) {
            out.add("ip (iproute2)");
        }
        if (nft == null) {
            out.add("nft (nftables)");
        }
        if (nsenter == null) {
            out.add("nsenter (util-linux)");
        }
        if (shell == null) {
            out.add("sh");
        }
        return out.isEmpty() ? null : String.join(", ", out);
    }
}
