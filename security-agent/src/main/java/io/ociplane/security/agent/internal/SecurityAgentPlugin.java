package io.ociplane.security.agent.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

import io.ociplane.jsonrpc.security.Grant;
import io.ociplane.jsonrpc.security.SecurityOfficer;
import io.ociplane.jsonrpc.spi.CoreError;
import io.ociplane.jsonrpc.spi.EventSink;
import io.ociplane.jsonrpc.spi.JsonRpcException;
import io.ociplane.jsonrpc.spi.JsonRpcPlugin;
import io.ociplane.jsonrpc.spi.PluginApi;

/**
 * Thunder's SecurityAgent (classname {@code SecurityAgent}): {@code createtoken} and {@code validate} over
 * JSON-RPC, and the {@link SecurityOfficer} the host asks about tokens. The component exists only while its plugin
 * file's callsign is activated (configuration required), so a deactivated SecurityAgent leaves the host without an
 * officer and tokens stop working (docs/security.md). Enforcement is the host's; this only vouches and answers.
 * Immediate: the instance (its ACL watch, its secret) lives as long as the configuration, not as long as a host
 * uses it, so it outlives a host update (docs/bundles.md).
 */
@Component(service = { JsonRpcPlugin.class, SecurityOfficer.class },
        configurationPid = JsonRpcPlugin.FACTORY_PID_PREFIX + "SecurityAgent",
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
@Designate(ocd = SecurityAgentConfig.class, factory = true)
public class SecurityAgentPlugin implements JsonRpcPlugin, SecurityOfficer {

    private static final Logger LOG = LoggerFactory.getLogger(SecurityAgentPlugin.class);

    /** Result of {@code createtoken}. */
    public record TokenResult(String token) {
    }

    /** Result of {@code validate}. */
    public record Validity(boolean valid) {
    }

    private final Clock clock;
    private final LongSupplier nanoClock;
    private volatile JwtTokens tokens;
    private volatile LiveAcl acl;

    public SecurityAgentPlugin() {
        this(Clock.systemUTC(), System::nanoTime);
    }

    /** For tests: clocks they control. */
    SecurityAgentPlugin(Clock clock, LongSupplier nanoClock) {
        this.clock = clock;
        this.nanoClock = nanoClock;
    }

    /**
     * Reads or makes the signing secret (a secret that is not safe to use stops the activation: better no
     * tokens than tokens others could forge) and loads the ACL (a missing or broken ACL does not: tokens then
     * allow nothing until it is fixed, and the status note says why).
     */
    @Activate
    void activate(SecurityAgentConfig config) {
        int ownUid = ProcessUser.uid();
        Path stateDir = Path.of(orDefault(config.stateDir(), SecurityAgentConfig.DEFAULT_STATE_DIR, "stateDir"));
        byte[] secret;
        try {
            secret = SigningSecret.loadOrCreate(stateDir, ownUid);
        } catch (IOException e) {
            String message = "SecurityAgent cannot start: " + e.getMessage();
            LOG.error(message);
            throw new IllegalStateException(message, e);
        }
        tokens = new JwtTokens(secret, lifetime(config.tokenLifetimeSeconds()), clock);
        acl = new LiveAcl(Path.of(orDefault(config.acl(), SecurityAgentConfig.DEFAULT_ACL, "acl")), ownUid, nanoClock);
        LOG.info("SecurityAgent: signing secret in {}, ACL {}, tokens valid for {} s", stateDir.toAbsolutePath(),
                acl.path(), tokens.lifetime().toSeconds());
    }

    @Override
    public PluginApi define(EventSink events) {
        // the module and metadata version of Thunder's SecurityAgent (docs/security-agent.md)
        return PluginApi.builder().module("Plugin_SecurityAgent").version(1, 0, 0).versions(1)
                .method("createtoken", JsonNode.class, p -> new TokenResult(createToken(TokenRequest.from(p))))
                .method("validate", JsonNode.class, p -> new Validity(verify(tokenOf(p)).isPresent()))
                .statusNote(() -> acl.note())
                .build();
    }

    @Override
    public Optional<Grant> verify(String token) {
        return tokens.verify(token).map(t -> new TokenGrant(t, acl, clock));
    }

    private String createToken(TokenRequest request) throws JsonRpcException {
        try {
            return tokens.issue(request);
        } catch (RuntimeException e) { // JWTCreationException, IllegalArgumentException from the library
            LOG.warn("SecurityAgent: cannot sign a token", e);
            throw new JsonRpcException(CoreError.GENERAL, "cannot sign the token: " + e.getMessage());
        }
    }

    /** The {@code token} member of {@code validate}'s params; anything else is no token, which is not valid. */
    private static String tokenOf(JsonNode params) {
        JsonNode token = params == null ? null : params.get("token");
        return token != null && token.isTextual() ? token.asText() : "";
    }

    private static Duration lifetime(long seconds) {
        if (seconds <= 0) {
            LOG.warn("SecurityAgent: tokenLifetimeSeconds {} is not positive; using {}", seconds,
                    SecurityAgentConfig.DEFAULT_TOKEN_LIFETIME_SECONDS);
            return Duration.ofSeconds(SecurityAgentConfig.DEFAULT_TOKEN_LIFETIME_SECONDS);
        }
        return Duration.ofSeconds(seconds);
    }

    private static String orDefault(String value, String fallback, String attribute) {
        if (value == null || value.isBlank()) {
            LOG.warn("SecurityAgent: {} is empty; using {}", attribute, fallback);
            return fallback;
        }
        return value;
    }
}
