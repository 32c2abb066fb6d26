package io.ociplane.dashboard.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardResource;

/**
 * The dashboard's pages, scripts and styles: the bundle's {@code /web} folder served by the HTTP whiteboard's own
 * resource servlet under {@code /dashboard/}. The service object itself is never called; its properties are the
 * registration (docs/dashboard.md).
 */
@Component(service = DashboardResources.class)
@HttpWhiteboardResource(pattern = DashboardResources.PATTERN, prefix = "/web")
public class DashboardResources {

    static final String PATTERN = "/dashboard/*";
    static final String PAGE = "/dashboard/index.html";
}
