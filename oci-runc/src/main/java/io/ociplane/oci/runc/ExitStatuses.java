package io.ociplane.oci.runc;

/**
 * Turns the runtime's exit code into Dobby's {@code StoppedWithStatus} word (docs/dobby-dbus.md#exit-status). {@code
 * runc run} exits with the container init's code N, or 128+S when a signal S ended it; Dobby likewise gets 128+S from
 * DobbyInit and rewrites 129..192 into "killed by S" (with the core-dump bit for the signals that dump core),
 * and N into {@code N << 8}.
 */
final class ExitStatuses {

    private static final int NSIG = 65;

    private ExitStatuses() {
    }

    static int fromExitCode(int code) {
        if (code > 128 && code < 128 + NSIG) {
            int signal = code - 128;
            return (signal & 0x7f) | (dumpsCore(signal) ? 0x80 : 0);
        }
        return (code & 0xff) << 8;
    }

    /** QUIT, ILL, ABRT, BUS, FPE, SEGV: the signals Dobby marks with the core-dump bit. */
    private static boolean dumpsCore(int signal) {
        return signal == 3 || signal == 4 || signal == 6 || signal == 7 || signal == 8 || signal == 11;
    }
}
