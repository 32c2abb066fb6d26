/**
 * Helpers of the Dobby tests: a client that calls with any signature ({@link io.ociplane.testing.dobby.RawCaller}),
 * a bus monitor ({@link io.ociplane.testing.dobby.BusMonitor}) and what the messages it sees say
 * ({@link io.ociplane.testing.dobby.BusMessages}), and GetInfo as a real daemon printed it
 * ({@link io.ociplane.testing.dobby.RealGetInfo}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.ociplane.testing.dobby;
