/**
 * Access control SPI of the JSON-RPC host: what a security provider (Thunder's SecurityAgent) offers so that the
 * host can accept callers that present a token.
 * <p>
 * The host enforces; a provider only vouches for tokens and answers whether a token's role may call a method. Without
 * any {@link io.ociplane.jsonrpc.security.SecurityOfficer} service the host still admits only the callers it trusts
 * by itself (local root), never everyone. The rules are in docs/security.md of this repository.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.ociplane.jsonrpc.security;
