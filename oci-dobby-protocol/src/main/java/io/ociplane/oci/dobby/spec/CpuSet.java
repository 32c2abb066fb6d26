package io.ociplane.oci.dobby.spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;

/** A set of cpu numbers in the kernel's list form ({@code 0-3,5}), the form of a spec's {@code cpu.cores}. */
public final class CpuSet {

    private final BitSet cpus;

    private CpuSet(BitSet cpus) {
        this.cpus = cpus;
    }

    /** Parses a list such as {@code 0-1,3}; the caller has checked its syntax. */
    public static CpuSet parse(String list) {
        BitSet set = new BitSet();
        for (String part : list.trim().split(",")) {
            if (part.isEmpty()) {
                continue;
            }
            String[] range = part.split("-");
            int from = Integer.parseInt(range[0]);
            int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
            if (to >= from) {
                set.set(from, to + 1);
            }
        }
        return new CpuSet(set);
    }

    /** The online cpus ({@code /sys/devices/system/cpu/online}); all of 0..n-1 by the JVM's count if unreadable. */
    public static CpuSet online(Path onlineFile) {
        try {
            return parse(Files.readString(onlineFile, StandardCharsets.US_ASCII));
        } catch (IOException | RuntimeException e) {
            BitSet set = new BitSet();
            set.set(0, Runtime.getRuntime().availableProcessors());
            return new CpuSet(set);
        }
    }

    public int size() {
        return cpus.cardinality();
    }

    public boolean containsAll(CpuSet other) {
        BitSet missing = (BitSet) other.cpus.clone();
        missing.andNot(cpus);
        return missing.isEmpty();
    }

    @Override
    public String toString() {
        return cpus.toString();
    }
}
