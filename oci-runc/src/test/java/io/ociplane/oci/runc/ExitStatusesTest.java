package io.ociplane.oci.runc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ExitStatusesTest {

    @Test
    void exitCodesBecomeWaitpidWordsAsDobbyReportsThem() {
        assertEquals(0, ExitStatuses.fromExitCode(0));
        assertEquals(256, ExitStatuses.fromExitCode(1));
        assertEquals(768, ExitStatuses.fromExitCode(3));
        assertEquals(128 << 8, ExitStatuses.fromExitCode(128));
        assertEquals(9, ExitStatuses.fromExitCode(128 + 9), "SIGKILL");
        assertEquals(15, ExitStatuses.fromExitCode(128 + 15), "SIGTERM");
        assertEquals(0x8B, ExitStatuses.fromExitCode(128 + 11), "SIGSEGV with the core-dump bit");
        assertEquals(2, ExitStatuses.fromExitCode(130), "a voluntary exit 130 reads as SIGINT, as in Dobby");
        assertEquals(64, ExitStatuses.fromExitCode(192));
        assertEquals(193 << 8, ExitStatuses.fromExitCode(193));
        assertEquals(255 << 8, ExitStatuses.fromExitCode(255));
    }
}
