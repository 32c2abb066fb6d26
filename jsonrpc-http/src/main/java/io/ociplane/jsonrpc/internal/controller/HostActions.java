package io.ociplane.jsonrpc.internal.controller;

/**
 * What the Controller's system methods act on: the override file {@code persist} writes, the discovery probe, and
 * how {@code reboot} stops the runtime, the subsystems (docs/controller-system.md).
 *
 * @param overrides where {@code persist} writes the plugins' configuration
 * @param discovery the probe {@code startdiscovery} sends with
 * @param stopRuntime stops the framework cleanly, or {@code null} when {@code reboot} is not allowed
 * @param subsystems which subsystems are active
 */
public record HostActions(OverrideFile overrides, SsdpProbe discovery, Runnable stopRuntime, Subsystems subsystems) {
}
