package io.ociplane.jsonrpc.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The JSON types of a method's named params, as Thunder's typed (generated) params declare them. The host checks
 * them before the method runs, per the wire profile: R5 refuses params that are not an object, and members of
 * another type, with a parse failure; R2/R4 run the method as Thunder does there, as if such members were absent
 * (params that are not an object count as an empty object). Members not named here are passed as they are.
 * Immutable: every call returns a new instance.
 */
public final class ParamTypes {

    /** A JSON type a member may be declared with. */
    public enum Type {
        STRING("a string"), NUMBER("a number"), BOOLEAN("a boolean"), OBJECT("an object"), ARRAY("an array");

        private final String described;

        Type(String described) {
            this.described = described;
        }

        /** "a string", "an array", ... as a refusal names it. */
        public String described() {
            return described;
        }
    }

    private static final ParamTypes NONE = new ParamTypes(Map.of());

    private final Map<String, Type> members;

    private ParamTypes(Map<String, Type> members) {
        this.members = members;
    }

    /** Named params with no member declared yet. */
    public static ParamTypes object() {
        return NONE;
    }

    /** The declared members in the order they were declared. */
    public Map<String, Type> members() {
        return members;
    }

    public ParamTypes string(String member) {
        return with(member, Type.STRING);
    }

    public ParamTypes number(String member) {
        return with(member, Type.NUMBER);
    }

    public ParamTypes bool(String member) {
        return with(member, Type.BOOLEAN);
    }

    public ParamTypes array(String member) {
        return with(member, Type.ARRAY);
    }

    public ParamTypes object(String member) {
        return with(member, Type.OBJECT);
    }

    private ParamTypes with(String member, Type type) {
        Objects.requireNonNull(member, "member");
        Map<String, Type> next = new LinkedHashMap<>(members);
        if (next.putIfAbsent(member, type) != null) {
            throw new IllegalArgumentException("member declared twice: " + member);
        }
        return new ParamTypes(Collections.unmodifiableMap(next));
    }

    @Override
    public String toString() {
        return "ParamTypes" + members;
    }
}
