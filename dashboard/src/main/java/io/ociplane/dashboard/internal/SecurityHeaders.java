package io.ociplane.dashboard.internal;

import java.io.IOException;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterPattern;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A strict Content-Security-Policy on the dashboard (below /dashboard/; the root sets it itself): its own scripts, styles and WebSocket only, no inline code, no
 * framing. The page is written for it (no inline scripts or styles, no eval), so an injected script cannot run.
 */
@Component(service = Filter.class)
@HttpWhiteboardFilterPattern(DashboardResources.PATTERN)
public class SecurityHeaders implements Filter {

    /** {@code connect-src 'self'} covers the page's own ws:// origin (CSP Level 3). */
    static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    @Override
    public void doFilter(ServletRequest req, ServletResponse resp, FilterChain chain)
            throws IOException, ServletException {
        apply((HttpServletResponse) resp);
        chain.doFilter(req, resp);
    }

    /** Also used by {@link DashboardRoot}: a filter does not see the root, which only that servlet matches. */
    static void apply(HttpServletResponse resp) {
        resp.setHeader("Content-Security-Policy", POLICY);
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("Referrer-Policy", "no-referrer");
    }
}
