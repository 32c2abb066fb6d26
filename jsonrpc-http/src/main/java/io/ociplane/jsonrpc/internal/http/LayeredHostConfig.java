package io.ociplane.jsonrpc.internal.http;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The {@link HostConfig} the host runs with: each attribute from its ConfigAdmin configuration when set there, else
 * from the framework property {@code io.ociplane.jsonrpc.<attribute>} (what run/start passes), else the default
 * written in {@link HostConfig} (docs/host-restart.md). The values are resolved once; the object is a
 * {@code HostConfig} like the one DS would give, so the host reads its attributes where it needs them.
 */
final class LayeredHostConfig implements InvocationHandler {

    private final Map<String, Object> values = new HashMap<>();

    /**
     * @param configured the attributes set in ConfigAdmin (the component's properties: no defaults in them, since the
     *            host's activation does not take a HostConfig, so bnd writes none into its component description)
     * @param frameworkProperty the framework properties
     * @throws IllegalArgumentException when a value is not of its attribute's type (a number that is not one)
     */
    static HostConfig of(Map<String, ?> configured, UnaryOperator<String> frameworkProperty) {
        return (HostConfig) Proxy.newProxyInstance(HostConfig.class.getClassLoader(), new Class<?>[] {HostConfig.class},
                new LayeredHostConfig(configured, frameworkProperty));
    }

    private LayeredHostConfig(Map<String, ?> configured, UnaryOperator<String> frameworkProperty) {
        for (Method attribute : HostConfig.class.getDeclaredMethods()) {
            String name = attribute.getName();
            Object value = configured.get(name);
            if (value == null) {
                value = frameworkProperty.apply(JsonRpcHost.PID + "." + name);
            }
            values.put(name, value == null ? attribute.getDefaultValue() : as(attribute.getReturnType(), name, value));
        }
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) {
        return switch (method.getName()) {
            case "annotationType" -> HostConfig.class;
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            case "toString" -> "HostConfig" + values;
            default -> values.get(method.getName()) instanceof String[] list ? list.clone()
                    : values.get(method.getName());
        };
    }

    /** A configured value (any type ConfigAdmin holds) or a framework property (text) as the attribute's type. */
    private static Object as(Class<?> type, String name, Object value) {
        if (type == String[].class) {
            if (value instanceof String[] list) {
                return list.clone();
            }
            if (value instanceof Collection<?> c) {
                return c.stream().map(String::valueOf).toArray(String[]::new);
            }
            String text = value.toString().trim(); // "a, b" as ConfigAdmin text or a framework property
            return text.isEmpty() ? new String[0] : text.split("\\s*,\\s*");
        }
        String text = (value instanceof String[] list ? String.join(",", list) : value.toString()).trim();
        try {
            if (type == int.class) {
                return Integer.parseInt(text);
            }
            if (type == long.class) {
                return Long.parseLong(text);
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number: '" + text + "'");
        }
        return type == boolean.class ? (Object) Boolean.parseBoolean(text) : value.toString();
    }
}
