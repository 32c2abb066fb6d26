package io.ociplane.oci.runc;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where {@code nat} containers live (docs/networking.md): a bridge of this provider's own and a /24 address range
 * given as Dobby's {@code network.addressRange} (an IPv4 address whose last byte is 0). The bridge holds {@code .1}
 * and is the containers' default route; containers get {@code .2} to {@code .254}. Names derived from these: the
 * nftables table of ours and the two ends of each container's veth pair, named after its address so that they are
 * unique on the host as long as ranges do not overlap (which {@link NatNetwork} makes sure of).
 *
 * @param range the network address as an unsigned 32-bit number (last byte 0)
 */
record NatPlan(String bridge, int range) {

    static final String DEFAULT_BRIDGE = "ociplane0";
    static final String DEFAULT_RANGE = "100.64.11.0";
    static final int FIRST_HOST = 2;
    static final int LAST_HOST = 254;

    /** Interface names are at most 15 bytes; these characters are safe in nft identifiers and ip arguments. */
    private static final Pattern BRIDGE = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,14}");
    private static final Pattern DOTTED = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    /**
     * The plan of the configuration attributes.
     *
     * @throws IllegalArgumentException with the reason when an attribute is unusable
     */
    static NatPlan of(String bridge, String addressRange) {
        if (bridge == null || !BRIDGE.matcher(bridge).matches()) {
            throw new IllegalArgumentException("natBridge must be 1 to 15 letters, digits or '_', starting with a"
                    + " letter: '" + bridge + "'");
        }
        int range;
        try {
            range = parse(addressRange);
        } catch (IllegalArgumentException e) {
            range = 0; // refused below
        }
        int first = range >>> 24;
        if ((range & 0xFF) != 0 || first == 0 || first == 127 || first >= 224) {
            throw new IllegalArgumentException("natAddressRange must be a unicast IPv4 network address ending in .0"
                    + " (a /24, e.g. " + DEFAULT_RANGE + "): '" + addressRange + "'");
        }
        return new NatPlan(bridge, range);
    }

    static NatPlan defaults() {
        return of(DEFAULT_BRIDGE, DEFAULT_RANGE);
    }

    /** The nftables table (family ip) that holds our NAT and forwarding rules, and nothing else. */
    String table() {
        return "ociplane_" + bridge;
    }

    /** The bridge's own address, the containers' gateway. */
    String gateway() {
        return format(range + 1);
    }

    /** The network address, as {@code natAddressRange} gives it: {@code 100.64.11.0}. */
    String network() {
        return format(range);
    }

    /** The range in CIDR notation, {@code 100.64.11.0/24}. */
    String cidr() {
        return format(range) + "/24";
    }

    /** Host number {@code n} (2..254) of the range. */
    String address(int n) {
        return format(range + n);
    }

    /** The host number of {@code address} in this range, or -1 when it is not a container address of it. */
    int hostNumber(String address) {
        try {
            int a = parse(address);
            int n = a - range;
            return (a & 0xFFFF_FF00) == range && n >= FIRST_HOST && n <= LAST_HOST ? n : -1;
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    /** Whether {@code address}/{@code prefix} and this range share addresses. */
    boolean overlaps(String address, int prefix) {
        int bits = Math.max(0, Math.min(prefix, 24));
        int mask = bits == 0 ? 0 : -1 << (32 - bits);
        return (parse(address) & mask) == (range & mask);
    }

    /** The host's end of a container's veth pair, a port of the bridge: {@code vo} and the address in hex. */
    String hostEnd(String address) {
        return "vo" + String.format("%08x", parse(address));
    }

    /** The container's end until the runtime hook moves it into the container and renames it {@code eth0}. */
    String containerEnd(String address) {
        return "vc" + String.format("%08x", parse(address));
    }

    static int parse(String dotted) {
        Matcher m = dotted == null ? null : DOTTED.matcher(dotted);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("not an IPv4 address: '" + dotted + "'");
        }
        int value = 0;
        for (int i = 1; i <= 4; i++) {
            int b = Integer.parseInt(m.group(i));
            if (b > 255) {
                throw new IllegalArgumentException("not an IPv4 address: '" + dotted + "'");
            }
            value = value << 8 | b;
        }
        return value;
    }

    static String format(int a) {
        return (a >>> 24) + "." + (a >>> 16 & 0xFF) + "." + (a >>> 8 & 0xFF) + "." + (a & 0xFF);
    }
}
