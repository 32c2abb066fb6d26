package io.ociplane.jsonrpc.internal.controller;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Controller's diagnostics that are figures of this process: R4's {@code processinfo} and R5's
 * {@code buildinfo} (docs/controller-system.md).
 */
final class Diagnostics {

    private Diagnostics() {
    }

    /** R4 {@code {threads:[{id, job?, runs}], pending?:[…]}}: members that are empty are left out, as R4.4. */
    static Map<String, Object> processInfo(WorkerPool workers) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("threads", workers.threads(false));
        List<String> pending = workers.pending();
        if (!pending.isEmpty()) {
            info.put("pending", pending);
        }
        return info;
    }

    /**
     * R5 {@code buildinfo} with R5.3's members, as true of this runtime: a release build, no Thunder messaging, no
     * deadlock detection, no wide characters; a call that throws is caught and answered (exception catching); 64-bit
     * instance ids; no COM-RPC, so its timeout is 0; the worker threads as the pool. No Thunder build extension is
     * compiled in, so {@code extensions} (optional) is left out, as is {@code tracelevel}.
     */
    static Map<String, Object> buildInfo(int threadPoolCount) {
        Map<String, Object> info = new LinkedHashMap<>();
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        info.put("systemtype", os.contains("mac") ? "MacOS" : os.contains("win") ? "Windows" : "Linux");
        info.put("buildtype", "Release");
        info.put("messaging", false);
        info.put("exceptioncatching", true);
        info.put("deadlockdetection", false);
        info.put("wcharsupport", false);
        info.put("instanceidbits", 64);
        info.put("threadpoolcount", threadPoolCount);
        info.put("comrpctimeout", 0);
        return info;
    }
}
