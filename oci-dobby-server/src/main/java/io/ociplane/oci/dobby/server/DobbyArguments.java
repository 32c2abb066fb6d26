package io.ociplane.oci.dobby.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.freedesktop.dbus.types.UInt32;

import io.ociplane.oci.dobby.bus.BusValues;

/**
 * The arguments of a call as Dobby's IpcService reads them (docs/dobby-dbus.md#failure-values): a type it cannot read
 * (double, struct, variant, dict, arrays other than ai/as/ah) is skipped, which changes the count; what is left must
 * then match a handler's signature exactly, or the handler answers with its failure value.
 */
final class DobbyArguments {

    private static final Set<String> READABLE =
            Set.of("y", "b", "n", "q", "i", "u", "x", "t", "h", "s", "o", "ai", "as", "ah");

    private final String signature;
    private final List<Object> values;

    private DobbyArguments(String signature, List<Object> values) {
        this.signature = signature;
        this.values = values;
    }

    /** @param signature the call's signature ({@code null} for none) @param args its decoded arguments */
    static DobbyArguments read(String signature, Object[] args) {
        StringBuilder kept = new StringBuilder();
        List<Object> values = new ArrayList<>();
        String sig = signature == null ? "" : signature;
        int index = 0;
        for (int start = 0; start < sig.length(); index++) {
            int end = endOfType(sig, start);
            String type = sig.substring(start, end);
            if (READABLE.contains(type) && args != null && index < args.length) {
                kept.append(type);
                values.add(args[index]);
            }
            start = end;
        }
        return new DobbyArguments(kept.toString(), values);
    }

    /** The signature of the arguments Dobby would see, e.g. {@code ib}. */
    String signature() {
        return signature;
    }

    boolean is(String expected) {
        return signature.equals(expected);
    }

    int count() {
        return values.size();
    }

    String string(int index) {
        return (String) values.get(index);
    }

    int int32(int index) {
        return ((Number) values.get(index)).intValue();
    }

    long uint32(int index) {
        return ((UInt32) values.get(index)).longValue();
    }

    boolean bool(int index) {
        return (Boolean) values.get(index);
    }

    /** An {@code as} argument. */
    List<String> strings(int index) {
        return BusValues.strings(values.get(index));
    }

    /** The index just past the complete type that starts at {@code start}. */
    static int endOfType(String sig, int start) {
        char c = sig.charAt(start);
        if (c == 'a') {
            return endOfType(sig, start + 1);
        }
        if (c == '(' || c == '{') {
            char close = c == '(' ? ')' : '}';
            int i = start + 1;
            while (i < sig.length() && sig.charAt(i) != close) {
                i = endOfType(sig, i);
            }
            return Math.min(i + 1, sig.length());
        }
        return start + 1;
    }
}
