package io.ociplane.oci.runc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerException.Reason;
import io.ociplane.oci.api.ContainerIds;
import io.ociplane.oci.api.HostPaths;
import io.ociplane.oci.dobby.spec.CpuSet;
import io.ociplane.oci.dobby.spec.DobbySpec;
import io.ociplane.oci.dobby.spec.DobbySpec.DaemonFeature;
import io.ociplane.oci.dobby.spec.DobbySpecReader;

/**
 * What this provider makes of a legacy Dobby spec: read by Dobby's rules ({@link DobbySpecReader}), then judged by
 * what the provider can honour. Fields it cannot honour are {@code UNSUPPORTED} with the reason, never silently
 * dropped: {@code gpu}/{@code vpu} enabled (no GPU settings), {@code dbus} (Dobby's IPC plugin), {@code devices}
 * (Dobby's device whitelist), {@code plugins}/{@code rdkPlugins}, loop mounts (Dobby's Storage plugin), a
 * {@code rtPriority.default} above 0 (the runtime cannot set a scheduling priority), and {@code syslog} on a host
 * without {@code /dev/log}. Texts it passes on hold no NUL or line break, bind sources follow the host path rules
 * and are kept as their real paths (docs/spec-safety.md), and the cores named must be online here.
 */
final class DobbySpecParser {

    private static final Map<DaemonFeature, String> WHY_NOT = Map.of(
            DaemonFeature.GPU, "gpu needs the device setup of Dobby's settings; this provider has none",
            DaemonFeature.VPU, "vpu needs the device setup of Dobby's settings; this provider has none",
            DaemonFeature.DBUS, "dbus needs Dobby's IPC plugin; this provider has none",
            DaemonFeature.DEVICES, "devices need Dobby's device whitelist; this provider has none",
            DaemonFeature.PLUGINS, "plugins and rdkPlugins are Dobby plugins, which only the Dobby daemon runs");

    private final DobbySpecReader reader;
    private final CpuSet onlineCpus;

    DobbySpecParser(ObjectMapper mapper, CpuSet onlineCpus) {
        this.reader = new DobbySpecReader(mapper);
        this.onlineCpus = onlineCpus;
    }

    DobbySpec parse(String json) throws ContainerException {
        DobbySpec spec = reader.read(json);
        refuseUnsupported(spec);
        for (String a : spec.args()) {
            CommandLines.checkText("args", a);
        }
        for (String e : spec.env()) {
            CommandLines.checkEnv(e);
        }
        for (Map.Entry<String, List<String>> file : spec.etc().entrySet()) {
            for (String line : file.getValue()) {
                CommandLines.checkText("etc." + file.getKey() + " line", line);
            }
        }
        if (spec.cpuCores() != null && !onlineCpus.containsAll(CpuSet.parse(spec.cpuCores()))) {
            throw invalid("cpu.cores \"" + ContainerIds.shorten(spec.cpuCores())
                    + "\" names cores that are not online here (" + onlineCpus + ")");
        }
        return spec.withMounts(mounts(spec));
    }

    private static void refuseUnsupported(DobbySpec spec) throws ContainerException {
        for (DaemonFeature feature : DaemonFeature.values()) {
            if (spec.daemonFeatures().contains(feature)) {
                throw unsupported(WHY_NOT.get(feature));
            }
        }
        if (spec.syslog() && !Files.exists(Path.of("/dev/log"))) {
            throw unsupported("syslog needs the host's /dev/log, which this machine does not have");
        }
        if (spec.mounts().stream().anyMatch(DobbySpec.Mount::isLoop)) {
            throw unsupported("loop mounts need Dobby's Storage plugin; the runc provider has none");
        }
        if (spec.rtPriorityDefault() != null && spec.rtPriorityDefault() > 0) {
            throw unsupported("rtPriority.default " + spec.rtPriorityDefault() + " needs Dobby's RT plugin to set a"
                    + " scheduling priority; this provider can only set the limit (RLIMIT_RTPRIO)");
        }
    }

    /** Bind sources by their real paths, checked by the host path rules (docs/spec-safety.md); texts checked. */
    private static List<DobbySpec.Mount> mounts(DobbySpec spec) throws ContainerException {
        List<DobbySpec.Mount> out = new ArrayList<>();
        for (DobbySpec.Mount m : spec.mounts()) {
            for (String o : m.options()) {
                CommandLines.checkText("mount option", o);
            }
            if (m.isBind()) {
                out.add(new DobbySpec.Mount(HostPaths.bindSource("mounts[].source", m.source()).toString(),
                        m.destination(), m.type(), m.options()));
            } else {
                CommandLines.checkText("mounts[].source", m.source());
                out.add(m);
            }
        }
        return out;
    }

    private static ContainerException invalid(String message) {
        return new ContainerException(Reason.INVALID_ARGUMENT, message);
    }

    private static ContainerException unsupported(String message) {
        return new ContainerException(Reason.UNSUPPORTED, message);
    }
}
