package io.ociplane.oci.api.provider;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;

import io.ociplane.oci.api.ProviderProblem;

/**
 * The base of a provider's {@link ProviderProblem} component: a DS factory component of the provider's bundle
 * ({@code @Component(factory = ..., service = ProviderProblem.class)}) whose instance the provider creates with
 * {@link #properties} while it cannot serve and disposes when the problem is over (docs/readiness.md). So the
 * bundle declares the service it registers, and the reason is also a service property. The subclass only names its
 * factory: its activation is this class's ({@code -dsannotations-options: inherit}, cnf/common.bnd).
 */
public abstract class ProblemReport implements ProviderProblem {

    /** Service property: the provider's short name. */
    public static final String PROVIDER = "ociplane.problem.provider";
    /** Service property: what keeps the provider from serving. */
    public static final String REASON = "ociplane.problem.reason";

    private String provider; // set once, by DS, before the service is registered
    private String reason;

    /** @param properties the component properties, with {@link #PROVIDER} and {@link #REASON} */
    @Activate
    protected void activate(Map<String, Object> properties) {
        this.provider = String.valueOf(properties.get(PROVIDER));
        this.reason = String.valueOf(properties.get(REASON));
    }

    /** The properties of a factory instance that reports this problem. */
    public static Dictionary<String, Object> properties(String provider, String reason) {
        return new Hashtable<>(Map.of(PROVIDER, provider, REASON, reason));
    }

    @Override
    public String provider() {
        return provider;
    }

    @Override
    public String reason() {
        return reason;
    }

    @Override
    public String toString() {
        return provider + ": " + reason;
    }
}
