package io.ociplane.oci.runc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.ociplane.oci.api.ContainerException;

class ExecOptionsTest {

    @Test
    void allowedOptionsInBothForms() throws ContainerException {
        assertEquals(List.of(), ExecOptions.parse(""));
        assertEquals(List.of(), ExecOptions.parse(null));
        assertEquals(List.of("--cwd", "/tmp", "--env", "A=B=C", "--user", "1000:1000", "--additional-gids", "5",
                "--no-new-privs", "--env", "X=1", "--user", "app"),
                ExecOptions.parse("--cwd /tmp  -e A=B=C --user=1000:1000 -g 5 --no-new-privs --env=X=1 -u app"));
    }

    @Test
    void everythingElseIsRefused() {
        for (String bad : List.of("--cap CAP_SYS_ADMIN", "-c CAP_NET_RAW", "--tty", "-t", "--detach", "-d",
                "--pid-file /x", "--process /p.json", "--preserve-fds 3", "--apparmor x", "--cwd", "--cwd tmp",
                "--cwd /a/../b", "--env NOEQ", "--env 1A=b", "-u a;b", "-g x", "--no-new-privs=1", "--user",
                "--cwd /a\nb", "/bin/sh")) {
            ContainerException e = assertThrows(ContainerException.class, () -> ExecOptions.parse(bad), bad);
            assertEquals(ContainerException.Reason.INVALID_ARGUMENT, e.reason());
        }
        ContainerException e = assertThrows(ContainerException.class, () -> ExecOptions.parse("--cap X"));
        assertTrue(e.getMessage().contains(ExecOptions.ALLOWED), e.getMessage());
    }
}
