package io.ociplane.ocicontainer;

import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ociplane.oci.api.ContainerInfo;
import io.ociplane.oci.api.ContainerInfo.MemoryUsage;
import io.ociplane.oci.api.ContainerInfo.ProcessInfo;

/**
 * What {@code getContainerInfo} answers as {@code info}: the shape of Dobby's GetInfo (docs/plugins-api.md,
 * docs/dobby-dbus.md#getinfo), built from the provider's typed figures, members in alphabetical order as the
 * daemon writes them. A figure the provider could not read is {@code null}; {@code annotations}, {@code gpu} and
 * {@code ion} are there only when the container has them.
 */
final class InfoShape {

    private final ObjectMapper mapper;

    InfoShape(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    ObjectNode of(ContainerInfo info) {
        ObjectNode root = mapper.createObjectNode();
        if (!info.annotations().isEmpty()) {
            ObjectNode annotations = root.putObject("annotations");
            new TreeMap<>(info.annotations()).forEach(annotations::put);
        }
        ObjectNode usage = root.putObject("cpu").putObject("usage");
        if (info.cpu().perCpu() == null) {
            usage.putNull("percpu");
        } else {
            info.cpu().perCpu().forEach(usage.putArray("percpu")::add);
        }
        usage.put("total", info.cpu().total());
        if (info.gpuMemory() != null) {
            root.putObject("gpu").set("memory", cgroup(info.gpuMemory()));
        }
        root.put("id", info.id());
        if (info.ionHeaps() != null) {
            ObjectNode heaps = root.putObject("ion").putObject("heaps");
            for (Map.Entry<String, MemoryUsage> heap : new TreeMap<>(info.ionHeaps()).entrySet()) {
                heaps.set(heap.getKey(), cgroup(heap.getValue()));
            }
        }
        root.putObject("memory").set("user", cgroup(info.memory()));
        info.pids().forEach(root.putArray("pids")::add);
        ArrayNode processes = root.putArray("processes");
        for (ProcessInfo p : info.processes()) {
            ObjectNode process = processes.addObject();
            process.put("cmdline", p.cmdline());
            process.put("executable", p.executable());
            process.put("nsPid", p.nsPid());
            process.put("pid", p.pid());
        }
        root.put("state", info.state().lowerCase());
        root.put("timestamp", info.timestamp());
        return root;
    }

    private ObjectNode cgroup(MemoryUsage m) {
        ObjectNode o = mapper.createObjectNode();
        o.put("failcnt", m.failcnt());
        o.put("limit", m.limit());
        o.put("max", m.max());
        o.put("usage", m.usage());
        return o;
    }
}
