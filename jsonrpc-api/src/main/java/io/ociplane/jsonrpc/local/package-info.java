/**
 * In-process callers of the JSON-RPC host (an operator's console in the same framework): requests in, the answers
 * out, through the same dispatcher and access check as HTTP and WebSocket callers. Such a caller is the local
 * console administrator, a trusted local user (docs/security.md).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.ociplane.jsonrpc.local;
