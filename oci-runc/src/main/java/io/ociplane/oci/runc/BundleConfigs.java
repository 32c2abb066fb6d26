package io.ociplane.oci.runc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ociplane.oci.api.BundleStart;
import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerIds;
import io.ociplane.oci.api.HostPaths;

/**
 * The per-start copy of a bundle's {@code config.json} with Dobby's start options applied (command, display
 * socket, environment, uid/gid mapping). The user's bundle is only read: runc has no {@code --config}, so the copy
 * goes into the container's workspace with its paths (rootfs, bind sources) replaced by their real paths. The
 * bundle directory, its config and every host path the config names follow the host path rules
 * (docs/spec-safety.md): the config decides what runs as root, so only root may have written it.
 */
final class BundleConfigs {

    private static final int MAX_CONFIG_BYTES = 1 << 20;

    private final ObjectMapper mapper;

    BundleConfigs(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    ObjectNode prepare(BundleStart start, String cgroupsPath) throws ContainerException {
        // resolved once: from here on the bundle is used by its real path, which no other user can replace
        Path bundle = HostPaths.safeDirectory("bundlePath", start.bundlePath());
        ObjectNode config = read(bundle.resolve("config.json"));
        if (start.command() != null && !start.command().isEmpty()) {
            ConfigEdits.setArgs(config, CommandLines.split("command", start.command()));
        }
        checkProcess(config);
        ObjectNode root = config.withObjectProperty("root");
        root.put("path", rootfs(bundle, root.path("path").asText()).toString());
        realBindSources(config, bundle);
        // no console socket here: the output goes to the console file, or nowhere
        config.withObjectProperty("process").put("terminal", false);
        if (config.path("ociVersion").asText().endsWith("-dobby")) {
            config.put("ociVersion", config.get("ociVersion").asText().replace("-dobby", ""));
        }
        ObjectNode linux = config.withObjectProperty("linux");
        if (!linux.path("cgroupsPath").isTextual()) {
            linux.put("cgroupsPath", cgroupsPath);
        }
        ConfigEdits.addEnv(config, start.env());
        if (start.westerosSocket() != null && !start.westerosSocket().isEmpty()) {
            ConfigEdits.addWesteros(config, start.westerosSocket());
        }
        mapUser(linux, start.uid(), start.gid());
        return config;
    }

    /** The bundle's config: root's, not a link, at most 1 MiB, a JSON object with the members this needs. */
    private ObjectNode read(Path file) throws ContainerException {
        byte[] bytes = HostPaths.readRootFile("the bundle's config.json", file, MAX_CONFIG_BYTES);
        try {
            JsonNode n = mapper.readTree(bytes);
            if (!(n instanceof ObjectNode o) || !o.path("ociVersion").isTextual()) {
                throw CommandLines.invalid("the bundle's config.json is not an OCI config (a JSON object with"
                        + " \"ociVersion\")");
            }
            for (String field : List.of("process", "root", "linux")) {
                if (o.has(field) && !o.get(field).isObject()) {
                    throw CommandLines.invalid("the bundle's config.json has a \"" + field
                            + "\" that is not an object");
                }
            }
            if (o.has("mounts") && !o.get("mounts").isArray()) {
                throw CommandLines.invalid("the bundle's config.json has \"mounts\" that is not an array");
            }
            List<String> plugins = new ArrayList<>();
            for (String field : List.of("rdkPlugins", "legacyPlugins")) {
                o.path(field).fieldNames().forEachRemaining(plugins::add);
            }
            if (!plugins.isEmpty()) {
                throw CommandLines.invalid("the bundle needs Dobby plugins " + plugins + ", which only the Dobby"
                        + " daemon runs");
            }
            return o;
        } catch (JsonProcessingException e) {
            throw CommandLines.invalid(JsonErrors.notValid("the bundle's config.json", e));
        } catch (IOException e) {
            throw CommandLines.invalid("cannot read the bundle's config.json: " + e.getClass().getSimpleName());
        }
    }

    /**
     * The real path of the rootfs (runc refuses a rootfs path with a link in it): relative to the bundle without
     * leaving it by {@code ..}, or absolute; a directory no other user can replace, not the host's root, /proc or
     * /sys.
     */
    private static Path rootfs(Path bundle, String path) throws ContainerException {
        Path rootfs = Path.of(inBundle(bundle, "root.path", path));
        Path real = HostPaths.bindSource("the bundle's root.path", rootfs.toString());
        if (!Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
            throw CommandLines.invalid("the bundle's root.path '" + ContainerIds.shorten(path) + "' is not a"
                    + " directory");
        }
        if (real.getParent() == null) {
            throw CommandLines.invalid("the bundle's root.path '" + ContainerIds.shorten(path) + "' is the host's"
                    + " root directory: refused");
        }
        return real;
    }

    /** A path of the bundle's config as an absolute one: relative ones are in the bundle and may not leave it. */
    private static String inBundle(Path bundle, String what, String path) throws ContainerException {
        if (path.startsWith("/")) {
            return path;
        }
        for (String segment : path.split("/")) {
            if (segment.equals("..")) {
                throw CommandLines.invalid("the bundle's " + what + " '" + ContainerIds.shorten(path) + "' leaves"
                        + " the bundle with '..'");
            }
        }
        return bundle.resolve(path).normalize().toString();
    }

    private static void checkProcess(ObjectNode config) throws ContainerException {
        JsonNode args = config.path("process").path("args");
        boolean ok = args.isArray() && args.size() > 0;
        for (JsonNode a : args) {
            ok &= a.isTextual();
        }
        if (!ok) {
            throw CommandLines.invalid("the bundle's config.json needs process.args, a non-empty array of strings");
        }
        if (!config.path("root").path("path").isTextual()) {
            throw CommandLines.invalid("the bundle's config.json needs root.path");
        }
    }

    /**
     * Bind sources may be relative to the bundle, which is no longer the runtime's working directory; every one
     * is checked by the host path rules and replaced by its real path.
     */
    private static void realBindSources(ObjectNode config, Path bundle) throws ContainerException {
        for (JsonNode m : config.path("mounts")) {
            String source = m.path("source").asText("");
            boolean bind = m.path("type").asText().equals("bind");
            for (JsonNode o : m.path("options")) {
                bind |= o.asText().equals("bind") || o.asText().equals("rbind");
            }
            if (bind && m instanceof ObjectNode om) {
                if (source.isEmpty()) {
                    throw CommandLines.invalid("a bind mount of the bundle's config has no source");
                }
                String absolute = inBundle(bundle, "mount source", source);
                om.put("source", HostPaths.bindSource("the bundle's mount source", absolute).toString());
            }
        }
    }

    /**
     * Dobby's uid/gid option: applied only when both are above 0 and the config maps no ids yet; container uid 0
     * becomes the host uid (one id), container gid 0 the host gid (ten ids), in a user namespace.
     */
    private static void mapUser(ObjectNode linux, Integer uid, Integer gid) {
        if (uid == null || gid == null || uid <= 0 || gid <= 0 || linux.has("uidMappings")
                || linux.has("gidMappings")) {
            return;
        }
        linux.putArray("uidMappings").addObject().put("containerID", 0).put("hostID", uid).put("size", 1);
        linux.putArray("gidMappings").addObject().put("containerID", 0).put("hostID", gid).put("size", 10);
        ArrayNode ns = ConfigEdits.arrayIn(linux, "namespaces");
        boolean user = false;
        for (JsonNode n : ns) {
            user |= n.path("type").asText().equals("user");
        }
        if (!user) {
            ns.addObject().put("type", "user");
        }
    }
}
