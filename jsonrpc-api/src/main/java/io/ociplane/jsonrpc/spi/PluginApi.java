package io.ociplane.jsonrpc.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * What a plugin offers over JSON-RPC: its interface versions, methods, properties and events. Immutable; build it
 * with {@link #builder()}.
 */
public final class PluginApi {

    /** How a registered name behaves. */
    public enum Kind {
        METHOD, READ_ONLY_PROPERTY, READ_WRITE_PROPERTY
    }

    /**
     * One registered name. Exactly the handler fields its kind needs are set.
     *
     * @param paramTypes the JSON types of a method's named params the host checks before the call, or {@code null}
     */
    public record Entry(String name, Kind kind, Class<?> paramsType, Handlers.Method<Object, ?> method,
            Handlers.Getter<?> getter, Handlers.Setter<Object> setter, ParamTypes paramTypes) {

        /** An entry without declared param types. */
        public Entry(String name, Kind kind, Class<?> paramsType, Handlers.Method<Object, ?> method,
                Handlers.Getter<?> getter, Handlers.Setter<Object> setter) {
            this(name, kind, paramsType, method, getter, setter, null);
        }
    }

    /** The plugin's own version (Thunder's plugin metadata), which the Controller's status reports. */
    public record PluginVersion(int major, int minor, int patch) {
        public PluginVersion {
            if (major < 0 || minor < 0 || patch < 0 || major > 255 || minor > 255 || patch > 255) {
                throw new IllegalArgumentException("version parts must be 0..255: " + major + "." + minor + "." + patch);
            }
        }
    }

    /** One JSON-RPC interface the plugin implements, as the R5 {@code versions} built-in lists it. */
    public record InterfaceVersion(String name, int major, int minor, int patch) {
    }

    private final Set<Integer> versions;
    private final Map<String, Entry> entries;
    private final Set<String> events;
    private final List<InterfaceVersion> interfaces;
    private final boolean emptyParamsRead;
    private final Supplier<String> statusNote;
    private final String module;
    private final PluginVersion version;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();

    private PluginApi(Builder b) {
        this.versions = Collections.unmodifiableSet(new LinkedHashSet<>(b.versions.isEmpty() ? Set.of(1) : b.versions));
        this.entries = Collections.unmodifiableMap(new LinkedHashMap<>(b.entries));
        this.events = Collections.unmodifiableSet(new LinkedHashSet<>(b.events));
        this.interfaces = List.copyOf(b.interfaces);
        this.emptyParamsRead = b.emptyParamsRead;
        this.statusNote = b.statusNote;
        this.module = b.module;
        this.version = b.version;
        b.ready.whenComplete((value, failure) -> ready.complete(null));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The interface versions a designator may name ({@code callsign.N.method}); {@code {1}} unless declared. */
    public Set<Integer> versions() {
        return versions;
    }

    public Entry entry(String name) {
        return entries.get(name);
    }

    public Map<String, Entry> entries() {
        return entries;
    }

    /** The events the plugin declares it emits (informative: clients may register any name). */
    public Set<String> events() {
        return events;
    }

    public List<InterfaceVersion> interfaces() {
        return interfaces;
    }

    /**
     * Whether an empty {@code params} object reads a property, as Thunder's generated (IDL) handlers do; when
     * false, as in Thunder's hand-written handlers, any {@code params} is a write attempt.
     */
    public boolean emptyParamsRead() {
        return emptyParamsRead;
    }

    /**
     * The plugin's module name as Thunder's plugin metadata names it (e.g. {@code Plugin_OCIContainer}), or
     * {@code null} when the plugin did not declare one (the host then derives one).
     */
    public String module() {
        return module;
    }

    /** The plugin's own version, or {@code null} when it did not declare one (the host then derives one). */
    public PluginVersion version() {
        return version;
    }

    /**
     * A short text for people about the plugin's condition (e.g. what it is missing), which the Controller adds
     * to the plugin's status as {@code note}; {@code null} when there is nothing to say.
     */
    public String statusNote() {
        return statusNote.get();
    }

    /**
     * Completes when the plugin can serve what it is for, e.g. once a plugin that needs another service has it, or
     * has given up waiting for it (then {@link #statusNote()} says why). The host's start counts as ready only when
     * every plugin that starts activated is served and this has completed; its outcome (normal or exceptional) does
     * not matter. Already complete unless the plugin declared it.
     */
    public CompletionStage<Void> ready() {
        return ready.minimalCompletionStage();
    }

    /** Whether {@link #ready()} has completed. */
    public boolean isReady() {
        return ready.isDone();
    }

    /** Collects an API; not thread-safe. Names must be unique. */
    public static final class Builder {
        private final Set<Integer> versions = new LinkedHashSet<>();
        private final Map<String, Entry> entries = new LinkedHashMap<>();
        private final Set<String> events = new LinkedHashSet<>();
        private final List<InterfaceVersion> interfaces = new ArrayList<>();
        private boolean emptyParamsRead;
        private Supplier<String> statusNote = () -> null;
        private String module;
        private PluginVersion version;
        private CompletionStage<?> ready = CompletableFuture.completedFuture(null);

        private Builder() {
        }

        /** See {@link PluginApi#ready()}; the plugin must complete the stage within a bounded time. */
        public Builder ready(CompletionStage<?> whenReady) {
            this.ready = Objects.requireNonNull(whenReady);
            return this;
        }

        /** See {@link PluginApi#statusNote()}; the supplier is asked on every status request and must be quick. */
        public Builder statusNote(Supplier<String> note) {
            this.statusNote = note;
            return this;
        }

        /**
         * The module name the Controller's status reports for the plugin, as Thunder's plugin metadata does
         * ({@code Plugin_<Name>} by Thunder's convention, e.g. {@code Plugin_OCIContainer}).
         */
        public Builder module(String name) {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("a module name must not be empty");
            }
            this.module = name;
            return this;
        }

        /** The plugin's own version ({@code major.minor.patch}, each 0..255) the Controller's status reports. */
        public Builder version(int major, int minor, int patch) {
            this.version = new PluginVersion(major, minor, patch);
            return this;
        }

        /** Adds interface versions the plugin answers for; the first call replaces the default {@code 1}. */
        public Builder versions(int... numbers) {
            for (int n : numbers) {
                if (n < 0 || n > 254) {
                    throw new IllegalArgumentException("version out of range 0..254: " + n);
                }
                versions.add(n);
            }
            return this;
        }

        public Builder interfaceVersion(String name, int major, int minor, int patch) {
            interfaces.add(new InterfaceVersion(name, major, minor, patch));
            return this;
        }

        @SuppressWarnings("unchecked")
        public <P> Builder method(String name, Class<P> paramsType, Handlers.Method<P, ?> handler) {
            return add(new Entry(name, Kind.METHOD, paramsType, (Handlers.Method<Object, ?>) handler, null, null));
        }

        /**
         * A method whose named params have declared JSON types, checked by the host per profile before the call
         * (see {@link ParamTypes}); read them raw with {@code JsonNode} or bind them to a type.
         */
        @SuppressWarnings("unchecked")
        public <P> Builder method(String name, Class<P> paramsType, ParamTypes types, Handlers.Method<P, ?> handler) {
            return add(new Entry(name, Kind.METHOD, paramsType, (Handlers.Method<Object, ?>) handler, null, null,
                    Objects.requireNonNull(types, "types")));
        }

        public Builder method(String name, Handlers.NoParams<?> handler) {
            return add(new Entry(name, Kind.METHOD, null, params -> handler.call(), null, null));
        }

        public Builder property(String name, Handlers.Getter<?> getter) {
            return add(new Entry(name, Kind.READ_ONLY_PROPERTY, null, null, getter, null));
        }

        @SuppressWarnings("unchecked")
        public <P> Builder property(String name, Handlers.Getter<?> getter, Class<P> valueType,
                Handlers.Setter<P> setter) {
            return add(new Entry(name, Kind.READ_WRITE_PROPERTY, valueType, null, getter,
                    (Handlers.Setter<Object>) setter));
        }

        public Builder event(String name) {
            events.add(name);
            return this;
        }

        /** See {@link PluginApi#emptyParamsRead()}. */
        public Builder emptyParamsRead(boolean value) {
            this.emptyParamsRead = value;
            return this;
        }

        public PluginApi build() {
            return new PluginApi(this);
        }

        private Builder add(Entry e) {
            if (e.name() == null || e.name().isEmpty() || e.name().indexOf('.') >= 0 || e.name().indexOf('@') >= 0) {
                throw new IllegalArgumentException("invalid method name: " + e.name());
            }
            if (entries.putIfAbsent(e.name(), e) != null) {
                throw new IllegalArgumentException("duplicate method name: " + e.name());
            }
            return this;
        }
    }
}
