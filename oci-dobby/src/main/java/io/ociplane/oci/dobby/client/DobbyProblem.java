package io.ociplane.oci.dobby.client;

import org.osgi.service.component.annotations.Component;

import io.ociplane.oci.api.ProviderProblem;
import io.ociplane.oci.api.provider.ProblemReport;

/** Why a Dobby client does not serve now: it waits for its daemon (docs/readiness.md). */
@Component(factory = DobbyProblem.FACTORY, service = ProviderProblem.class)
public final class DobbyProblem extends ProblemReport {
    static final String FACTORY = "io.ociplane.oci.dobby.problem";
}
