package io.ociplane.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs curl as another local user ({@code setpriv}, util-linux), so that the runtime sees a connection whose socket
 * the kernel says belongs to that user: the attacker of docs/security.md, not a simulation of one.
 */
final class AsUser {

    /** The unprivileged account every Debian system has. */
    static final int NOBODY = 65534;

    /** What curl got: the HTTP status (0 when no answer) and the body. */
    record Answer(int status, String body) {
    }

    private AsUser() {
    }

    /**
     * POSTs a body to the runtime as {@code uid}.
     *
     * @param headers extra request headers, {@code "Name: value"}
     */
    static Answer post(int uid, int port, String path, String body, String... headers) {
        List<String> cmd = curl(uid, port, path, headers);
        cmd.addAll(List.of("-X", "POST", "--data-binary", body));
        return run(cmd);
    }

    /** A WebSocket upgrade handshake as {@code uid}; the status tells whether it was accepted (101). */
    static Answer upgrade(int uid, int port, String path, String... headers) {
        List<String> cmd = curl(uid, port, path, headers);
        cmd.addAll(List.of("--http1.1", "-H", "Connection: Upgrade", "-H", "Upgrade: websocket",
                "-H", "Sec-WebSocket-Version: 13", "-H", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
                "--max-time", "2"));
        return run(cmd);
    }

    private static List<String> curl(int uid, int port, String path, String... headers) {
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups",
                "--", "curl", "-s", "-w", "\n%{http_code}", "http://127.0.0.1:" + port + path));
        for (String h : headers) {
            cmd.add("-H");
            cmd.add(h);
        }
        return cmd;
    }

    private static Answer run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("curl did not end: " + cmd);
            }
            String text = new String(out, StandardCharsets.UTF_8);
            int nl = text.lastIndexOf('\n');
            return new Answer(Integer.parseInt(text.substring(nl + 1).trim()), text.substring(0, Math.max(nl, 0)));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + cmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
