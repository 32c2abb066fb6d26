/**
 * The container API over an OCI runtime command line (runc, or crun with the same options), for machines without
 * Dobby; registered by {@link io.ociplane.oci.runc.RuncProviderComponent} only when the runtime is usable.
 * <p>
 * Flow: a start writes an OCI bundle into a workspace (a copy of the caller's config.json with Dobby's start
 * options, or one made from a Dobby spec), records the container in the state directory, and runs
 * {@code runc run} in the foreground (in a session of its own) under a small shell watcher that writes its exit
 * code to a status file, so that no thread of the provider waits for it. That process is {@code create} and
 * {@code start} in one, stays the init's parent and exits with its status, which becomes Dobby's status word;
 * its pid file tells that the container runs. When it exits the container is torn down
 * (runtime state, record, workspace) and STOPPED is reported. A provider that starts later re-adopts containers
 * whose record and runtime state agree on a live init, and watches them through /proc; their status is then
 * unknown.
 * <p>
 * Directories: {@code <stateDir>/runc} (the runtime's {@code --root}), {@code <stateDir>/containers}
 * ({@code <id>.json} records, {@code <id>.pid} pid files, {@code <id>.<5 digits>.status} and {@code .runner}: the
 * watcher's exit status and {@code runc run} pid), {@code <workspaceDir>/<id>.<5 digits>} (config.json,
 * rootfs of a spec container, runc.log).
 */
package io.ociplane.oci.runc;
