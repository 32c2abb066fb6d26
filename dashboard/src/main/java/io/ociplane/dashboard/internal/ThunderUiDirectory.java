package io.ociplane.dashboard.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Thunder's {@code /Service/Controller/UI/}: a built web UI (ThunderUI) dropped into a directory is served from
 * there, read-only, with every request path treated as hostile ({@link UiFiles}). Off until a directory is
 * configured: attribute {@code thunderUiDirectory} of PID {@value #PID}, or the framework property
 * {@code io.ociplane.dashboard.thunderUiDirectory} (docs/dashboard.md).
 */
@Component(service = Servlet.class, configurationPid = ThunderUiDirectory.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@HttpWhiteboardServletPattern(ThunderUiDirectory.PATTERN)
@HttpWhiteboardServletName("ociplane-thunder-ui")
public class ThunderUiDirectory extends HttpServlet {

    static final String PID = "io.ociplane.dashboard";
    static final String PATTERN = "/Service/Controller/UI/*";
    static final String ATTRIBUTE = "thunderUiDirectory";
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ThunderUiDirectory.class);
    private static final Map<String, String> TYPES = Map.ofEntries(Map.entry("html", "text/html;charset=utf-8"),
            Map.entry("htm", "text/html;charset=utf-8"), Map.entry("js", "text/javascript;charset=utf-8"),
            Map.entry("mjs", "text/javascript;charset=utf-8"), Map.entry("css", "text/css;charset=utf-8"),
            Map.entry("json", "application/json"), Map.entry("map", "application/json"),
            Map.entry("svg", "image/svg+xml"), Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"), Map.entry("gif", "image/gif"), Map.entry("ico", "image/x-icon"),
            Map.entry("woff", "font/woff"), Map.entry("woff2", "font/woff2"), Map.entry("ttf", "font/ttf"),
            Map.entry("txt", "text/plain;charset=utf-8"));

    private transient Optional<UiFiles> files = Optional.empty();

    @Activate
    void activate(BundleContext context, Map<String, Object> config) throws IOException {
        Object configured = config.get(ATTRIBUTE);
        String dir = configured != null ? configured.toString()
                : context.getProperty(PID + "." + ATTRIBUTE);
        if (dir == null || dir.isBlank()) {
            return;
        }
        Path path = Path.of(dir);
        if (!path.isAbsolute() || !Files.isDirectory(path)) {
            LOG.warn("ThunderUI directory {} is not an absolute path of a directory; /Service/Controller/UI/ stays off",
                    dir);
            return;
        }
        int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        files = Optional.of(new UiFiles(path.toRealPath(), uid));
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        serve(req, resp, true);
    }

    @Override
    protected void doHead(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        serve(req, resp, false);
    }

    private void serve(HttpServletRequest req, HttpServletResponse resp, boolean body) throws IOException {
        if (files.isEmpty()) {
            resp.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        if (req.getPathInfo() == null) { // "/Service/Controller/UI": relative links need the trailing slash
            resp.sendRedirect(req.getRequestURI() + "/");
            return;
        }
        Optional<Path> file = files.get().find(req.getPathInfo());
        if (file.isEmpty()) {
            resp.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        try (SeekableByteChannel ch = Files.newByteChannel(file.get(), StandardOpenOption.READ,
                LinkOption.NOFOLLOW_LINKS)) {
            resp.setContentType(type(file.get().getFileName().toString()));
            resp.setHeader("X-Content-Type-Options", "nosniff");
            resp.setContentLengthLong(ch.size());
            if (body) {
                OutputStream out = resp.getOutputStream();
                Channels.newInputStream(ch).transferTo(out);
            }
        }
    }

    static String type(String name) {
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(java.util.Locale.ROOT);
        return TYPES.getOrDefault(ext, "application/octet-stream");
    }
}
