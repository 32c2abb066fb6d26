package io.ociplane.oci.dobby.bus;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * D-Bus arrays as lists: dbus-java decodes an {@code ai} or {@code as} as a List, an object array or a primitive
 * array, depending on how it was sent; these read any of them.
 */
public final class BusValues {

    private BusValues() {
    }

    /** An {@code ai}; empty for null. */
    public static List<Integer> ints(Object array) {
        return each(array, v -> ((Number) v).intValue());
    }

    /** An {@code as}; empty for null. */
    public static List<String> strings(Object array) {
        return each(array, String.class::cast);
    }

    private static <T> List<T> each(Object array, Function<Object, T> element) {
        List<T> out = new ArrayList<>();
        if (array instanceof List<?> list) {
            list.forEach(v -> out.add(element.apply(v)));
        } else if (array != null && array.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(array); i++) {
                out.add(element.apply(Array.get(array, i)));
            }
        }
        return out;
    }
}
