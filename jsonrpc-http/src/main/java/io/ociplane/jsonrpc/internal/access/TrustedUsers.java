package io.ociplane.jsonrpc.internal.access;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local users trusted like root besides uid 0: configured uids, and members of configured groups. Group
 * membership comes from {@code id -G}, which asks the system's user database (files, LDAP, ...) as login does;
 * answers are kept for a minute.
 */
public final class TrustedUsers implements IntPredicate {

    private static final Logger LOG = LoggerFactory.getLogger(TrustedUsers.class);
    private static final long KEEP_NANOS = TimeUnit.MINUTES.toNanos(1);

    private record Groups(Set<Integer> gids, long atNanos) {
    }

    private final Set<Integer> uids;
    private final Set<Integer> gids;
    private final Map<Integer, Groups> groupsByUid = new ConcurrentHashMap<>();

    public TrustedUsers(String[] uids, String[] gids) {
        this.uids = numbers(uids, "trustedUids");
        this.gids = numbers(gids, "trustedGids");
    }

    @Override
    public boolean test(int uid) {
        if (uids.contains(uid)) {
            return true;
        }
        if (gids.isEmpty()) {
            return false;
        }
        long now = System.nanoTime();
        Groups g = groupsByUid.get(uid);
        if (g == null || now - g.atNanos() > KEEP_NANOS) {
            g = new Groups(groupsOf(uid), now);
            groupsByUid.put(uid, g);
        }
        return g.gids().stream().anyMatch(gids::contains);
    }

    private static Set<Integer> groupsOf(int uid) {
        try {
            Process p = new ProcessBuilder("id", "-G", "--", Integer.toString(uid)).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readNBytes(4096), StandardCharsets.US_ASCII).trim();
            if (!p.waitFor(2, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return Set.of();
            }
            return Stream.of(out.split("\\s+")).filter(s -> s.matches("\\d+")).map(Integer::valueOf)
                    .collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            LOG.warn("Could not read the groups of uid {}: {}", uid, e.toString());
            return Set.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Set.of();
        }
    }

    private static Set<Integer> numbers(String[] values, String what) {
        return Stream.of(values).map(String::trim).filter(s -> !s.isEmpty()).map(s -> {
            try {
                return Integer.valueOf(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(what + ": '" + s + "' is not a number");
            }
        }).collect(Collectors.toUnmodifiableSet());
    }
}
