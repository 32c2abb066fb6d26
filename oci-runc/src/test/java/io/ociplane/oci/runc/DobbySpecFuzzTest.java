package io.ociplane.oci.runc;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerException.Reason;
import io.ociplane.oci.api.ContainerIds;
import io.ociplane.oci.dobby.spec.CpuSet;
import io.ociplane.oci.dobby.spec.DobbySpec;

/**
 * Coverage-guided fuzz test of the runc provider's Dobby spec parser ({@link DobbySpecParser}, with the checks of
 * {@link ContainerIds} it relies on), fed the spec text as {@code startContainerFromDobbySpec} hands it over.
 * Invariants: it returns a spec that keeps every promise of {@link DobbySpec} and docs/dobby-dbus.md#dobby-spec as the
 * parser documents them, or throws a {@link ContainerException} whose reason is {@code INVALID_ARGUMENT} or
 * {@code UNSUPPORTED} with a message that quotes at most {@link #MAX_QUOTE} characters of the input; nothing else
 * is thrown; each input is done within {@link #PER_INPUT}. The parser only reads the file system (console and
 * mount paths are checked for existence), so any path is safe to try.
 *
 * <p>Without {@code JAZZER_FUZZ} it runs the committed seeds (DobbySpecFuzzTestInputs/parse/) as plain tests;
 * with it, it fuzzes. See docs/fuzzing.md.
 */
class DobbySpecFuzzTest {

    /**
     * The longest stretch of the input an error message may repeat: the 256 characters Jackson quotes at most of
     * a token it cannot read (its default error-report limit); the parser's own quotes are shortened to 64.
     */
    static final int MAX_QUOTE = 256;
    /** Specs above this are not tried, so that each input is quick (real specs are below 2 KiB). */
    private static final int MAX_SPEC = 16 * 1024;
    /** Far above what any input takes (well under a millisecond): a hang, not a slow machine. */
    private static final Duration PER_INPUT = Duration.ofSeconds(10);
    private static final long UINT32_MAX = 0xFFFF_FFFFL;
    private static final Set<String> CAPABILITIES = Set.of("CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_RAW");

    /** The mapper RuncRuntime gives the parser; cores 0-3 online whatever this machine has, for repeatable runs. */
    private final DobbySpecParser parser = new DobbySpecParser(new ObjectMapper(), CpuSet.parse("0-3"));

    @FuzzTest(maxDuration = "5m")
    @DictionaryFile(resourcePath = "dobby-spec.dict")
    void parse(byte[] input) {
        if (input.length > MAX_SPEC) {
            return;
        }
        String json = new String(input, StandardCharsets.UTF_8);
        // per input, not @Timeout: that would bound the whole fuzzing run, which is one JUnit invocation
        assertTimeoutPreemptively(PER_INPUT, () -> parseOrRefuse(json));
    }

    private void parseOrRefuse(String json) {
        DobbySpec spec;
        try {
            spec = parser.parse(json);
        } catch (ContainerException e) {
            checkRefusal(e, json);
            return;
        }
        checkSpec(spec);
    }

    private static void checkRefusal(ContainerException e, String input) {
        assertTrue(e.reason() == Reason.INVALID_ARGUMENT || e.reason() == Reason.UNSUPPORTED,
                "a refusal is INVALID_ARGUMENT or UNSUPPORTED: " + e.reason());
        String message = e.getMessage();
        assertTrue(message != null && !message.isBlank(), "a refusal says why");
        for (int i = 0; i + MAX_QUOTE < message.length(); i++) {
            if (input.contains(message.substring(i, i + MAX_QUOTE + 1))) {
                fail("the message quotes more than " + MAX_QUOTE + " characters of the input: "
                        + message.substring(0, Math.min(message.length(), 400)));
            }
        }
    }

    /** What a parsed spec promises (see DobbySpec and the checks of DobbySpecParser). */
    private static void checkSpec(DobbySpec spec) {
        assertFalse(spec.args().isEmpty(), "args");
        spec.args().forEach(a -> assertNoLineBreak("args", a));
        assertTrue(spec.uid() >= 1 && spec.uid() <= 65534, "uid " + spec.uid());
        assertTrue(spec.gid() >= 0 && spec.gid() <= 65534, "gid " + spec.gid());
        assertTrue(spec.memLimit() >= 1 && spec.memLimit() <= UINT32_MAX, "memLimit " + spec.memLimit());
        assertTrue(spec.swapLimit() == null || spec.swapLimit() >= spec.memLimit() && spec.swapLimit() <= UINT32_MAX,
                "swapLimit " + spec.swapLimit());
        spec.env().forEach(e -> {
            assertTrue(e.indexOf('=') > 0, "env " + e);
            assertNoLineBreak("env", e);
        });
        assertAbsolute("cwd", spec.cwd());
        if (spec.consolePath() != null) {
            assertAbsolute("console.path", spec.consolePath());
        }
        assertTrue(spec.consoleLimit() >= -1, "console.limit " + spec.consoleLimit());
        spec.etc().values().forEach(lines -> lines.forEach(l -> assertNoLineBreak("etc", l)));
        assertNotNull(spec.network(), "a network mode, private when the spec names none");
        for (DobbySpec.Mount m : spec.mounts()) {
            assertAbsolute("mount destination", m.destination());
            assertNotNull(m.source(), "mount source");
            assertFalse(m.type().equals("loop"), "loop mounts are refused");
            if (m.isBind()) {
                assertAbsolute("bind mount source", m.source());
            }
        }
        assertTrue(spec.rtPriorityLimit() == null || spec.rtPriorityLimit() >= 0 && spec.rtPriorityLimit() <= 99,
                "rtPriority " + spec.rtPriorityLimit());
        assertTrue(spec.cpuShares() == null || spec.cpuShares() >= 10 && spec.cpuShares() <= 1024,
                "cpu.shares " + spec.cpuShares());
        assertTrue(spec.capabilities() == null || CAPABILITIES.containsAll(spec.capabilities()), "capabilities");
        if (spec.seccomp() != null) {
            assertTrue(spec.seccomp().path("syscalls").path(0).path("names").size() > 0, "seccomp names");
        }
    }

    private static void assertAbsolute(String what, String path) {
        assertDoesNotThrow(() -> ContainerIds.checkAbsolutePath(what, path), what + " '" + path + "'");
    }

    private static void assertNoLineBreak(String what, String text) {
        assertTrue(text.indexOf('\n') < 0 && text.indexOf('\r') < 0 && text.indexOf('\0') < 0,
                what + " without NUL or line break: " + text);
    }
}
