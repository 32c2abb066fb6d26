package io.ociplane.oci.runc;

import org.osgi.service.component.annotations.Component;

import io.ociplane.oci.api.ProviderProblem;
import io.ociplane.oci.api.provider.ProblemReport;

/** Why the runc provider cannot serve, while it cannot (docs/readiness.md). */
@Component(factory = RuncProblem.FACTORY, service = ProviderProblem.class)
public final class RuncProblem extends ProblemReport {
    static final String FACTORY = "io.ociplane.oci.runc.problem";
}
