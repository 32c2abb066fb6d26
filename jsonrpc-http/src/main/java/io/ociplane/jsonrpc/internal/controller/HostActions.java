package io.ociplane.jsonrpc.internal.controller;

/**
 * What the Controller's system methods act on: the override file {@code persist} writes, the discovery probe, and
 * how {@code reboot} stops the runtime, the subsystems (docs/controller-system.md).
 *
 * @param overrides where {@code persist} writes the plugins' configuration
 * @param discovery the probe {@code startdiscovery} sends with
 * @param stopRuntime stops the framework cleanly, or {@code null} when {@code reboot} is not allowed
 * @param subsystems which subsystems are active
 * @param persistent the Controller's persistent directory, where {@code delete} may remove
 * @param links the host's client connections ({@code links}, {@code proxies})
 * @param workers the host's worker threads ({@code threads}, {@code processinfo}, {@code callstack}...)
 */
public record HostActions(OverrideFile overrides, SsdpProbe discovery, Runnable stopRuntime, Subsystems subsystems,
        PersistentDirectory persistent, Links links, WorkerPool workers) {
}
