package io.ociplane.oci.runc;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerIds;
import io.ociplane.oci.api.ContainerState;

/**
 * What a starting provider finds in its state directory. A container whose record and runtime state agree on a
 * live init (same pid, same start time) is re-adopted with its id and descriptor; everything else is a leftover
 * of a container that died or of a start that never finished: its runtime state is force-deleted (killing it if
 * it still runs), its record, pid file and workspace removed, and so are veth pairs on the nat bridge that no
 * re-adopted container holds (and the bridge and its table when none does). No events are sent for either, as
 * Dobby sends none for the containers it finds at its start.
 */
final class Readoption {

    private static final Logger LOG = LoggerFactory.getLogger(Readoption.class);

    private final RecordStore records;
    private final RuncCli cli;
    private final Workspaces workspaces;
    private final ProcFs proc;
    private final NatNetwork nat;

    Readoption(RecordStore records, RuncCli cli, Workspaces workspaces, ProcFs proc, NatNetwork nat) {
        this.records = records;
        this.cli = cli;
        this.workspaces = workspaces;
        this.proc = proc;
        this.nat = nat;
    }

    /** The containers to re-adopt, each with a run watched through /proc (status unknown); leftovers removed. */
    List<RuncContainer> recover() throws ContainerException, IOException {
        Map<String, RuncCli.Listed> runtime = new HashMap<>();
        cli.list().forEach(l -> runtime.put(l.id(), l));
        List<RuncContainer> adopted = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Set<Integer> descriptors = new HashSet<>();
        Set<Path> kept = new HashSet<>();
        for (ContainerRecord r : records.readAll()) {
            RuncCli.Listed l = runtime.get(r.id());
            boolean live = l != null && (l.status().equals("running") || l.status().equals("paused"))
                    && ContainerIds.isValidId(r.id()) && r.initPid() > 0 && l.pid() == r.initPid()
                    && proc.isAlive(r.initPid(), r.initStartTicks());
            if (!live || !descriptors.add(r.descriptor()) || !ids.add(r.id())) {
                LOG.info("removing container '{}' (descriptor {}) left by an earlier provider: {}", r.id(),
                        r.descriptor(), l == null ? "its runtime state is gone" : "its init is " + l.status());
                cli.forceDelete(r.id());
                continue;
            }
            Path workspace = Path.of(r.workspace());
            RuncContainer c = new RuncContainer(r.id(), r.descriptor(), workspace, r.launch(), r.annotations());
            ContainerState state = l.status().equals("paused") ? ContainerState.PAUSED : ContainerState.RUNNING;
            c.started(new RuncContainer.Run(null, r.initPid(), r.initStartTicks(), new CompletableFuture<>()), state);
            String address = r.launch().natAddress();
            if (address != null && !nat.adopt(address)) {
                LOG.warn("container '{}' keeps running without its nat address {}: not of {} or held twice", r.id(),
                        address, nat.plan().cidr());
            }
            adopted.add(c);
            kept.add(workspace);
            LOG.info("re-adopted container '{}' (descriptor {}, {})", r.id(), r.descriptor(), state.lowerCase());
        }
        for (RuncCli.Listed l : runtime.values()) {
            if (!ids.contains(l.id())) {
                LOG.info("removing container '{}' found in the runtime root without a record", l.id());
                cli.forceDelete(l.id());
            }
        }
        records.deleteAllBut(ids);
        workspaces.deleteAllBut(kept);
        nat.removeLeftovers();
        return adopted;
    }
}
