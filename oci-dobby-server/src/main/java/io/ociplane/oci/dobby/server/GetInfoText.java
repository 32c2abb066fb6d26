package io.ociplane.oci.dobby.server;

import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ociplane.oci.api.ContainerInfo;
import io.ociplane.oci.api.ContainerInfo.MemoryUsage;
import io.ociplane.oci.api.ContainerInfo.ProcessInfo;
import io.ociplane.oci.dobby.bus.DobbyStates;

/**
 * GetInfo's answer (docs/dobby-dbus.md#getinfo) from the backing provider's typed figures, laid out as the real
 * daemon prints it ({@link JsoncppStyle}, which also sorts the members). {@code annotations}, {@code gpu} and
 * {@code ion} are there only when the container has them; a figure the provider could not read is {@code null}.
 */
final class GetInfoText {

    private final ObjectMapper mapper = new ObjectMapper();

    String of(ContainerInfo info) {
        ObjectNode root = mapper.createObjectNode();
        root.put("id", info.id());
        root.put("state", DobbyStates.infoName(info.state()));
        root.put("timestamp", info.timestamp());
        if (!info.annotations().isEmpty()) {
            ObjectNode annotations = root.putObject("annotations");
            info.annotations().forEach(annotations::put);
        }
        ObjectNode usage = root.putObject("cpu").putObject("usage");
        usage.put("total", info.cpu().total());
        if (info.cpu().perCpu() == null) {
            usage.putNull("percpu");
        } else {
            info.cpu().perCpu().forEach(usage.putArray("percpu")::add);
        }
        root.putObject("memory").set("user", cgroup(info.memory()));
        if (info.gpuMemory() != null) {
            root.putObject("gpu").set("memory", cgroup(info.gpuMemory()));
        }
        if (info.ionHeaps() != null) {
            ObjectNode heaps = root.putObject("ion").putObject("heaps");
            for (Map.Entry<String, MemoryUsage> heap : info.ionHeaps().entrySet()) {
                heaps.set(heap.getKey(), cgroup(heap.getValue()));
            }
        }
        info.pids().forEach(root.putArray("pids")::add);
        ArrayNode processes = root.putArray("processes");
        for (ProcessInfo p : info.processes()) {
            processes.addObject().put("pid", p.pid()).put("nsPid", p.nsPid()).put("executable", p.executable())
                    .put("cmdline", p.cmdline());
        }
        return JsoncppStyle.format(root);
    }

    private ObjectNode cgroup(MemoryUsage m) {
        return mapper.createObjectNode().put("limit", m.limit()).put("usage", m.usage()).put("max", m.max())
                .put("failcnt", m.failcnt());
    }
}
