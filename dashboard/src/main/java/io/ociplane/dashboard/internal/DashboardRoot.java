package io.ociplane.dashboard.internal;

import java.io.IOException;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;

import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code /} of the runtime shows the dashboard. The whiteboard's resource servlet maps the root to its prefix plus
 * {@code "/"}, a folder, so the root is handed to the page by a forward (the pattern {@code ""} matches only the root:
 * every other path the host serves, and the server's 404 for unknown ones, stay as they were).
 */
// the pattern as a plain property: the annotation would write "" as an empty list, which matches nothing
@Component(service = Servlet.class, property = HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN + "=")
@HttpWhiteboardServletName("ociplane-dashboard-root")
public class DashboardRoot extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        SecurityHeaders.apply(resp);
        req.getRequestDispatcher(DashboardResources.PAGE).forward(req, resp);
    }
}
