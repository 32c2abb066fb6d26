package io.ociplane.oci.runc;

/**
 * How a container's process is run, beyond its bundle: what started it and where its output goes.
 *
 * @param kind {@code bundle} or {@code spec}
 * @param consolePath the host file that receives the container's stdout and stderr, or {@code null} to discard
 * @param consoleLimit the most bytes kept in that file, -1 for no limit
 * @param restartOnCrash respawn on a non-zero exit, as Dobby (at most 10 times in 5 minutes)
 * @param natAddress the container's address on the provider's bridge ({@code nat}), or {@code null}
 */
record LaunchOptions(String kind, String consolePath, long consoleLimit, boolean restartOnCrash, String natAddress) {

    static LaunchOptions bundle() {
        return new LaunchOptions("bundle", null, -1, false, null);
    }

    /** The same options with the console file at {@code path} (its real path, once opened). */
    LaunchOptions withConsolePath(String path) {
        return new LaunchOptions(kind, path, consoleLimit, restartOnCrash, natAddress);
    }
}
