package io.ociplane.oci.runc;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerIds;

/**
 * The {@code runc exec} options a caller may pass (Dobby hands its {@code options} string to {@code crun exec}
 * as is; we allow only these). The string is split on spaces; a value follows its option as the next word or
 * after {@code =}:
 * <ul>
 * <li>{@code --cwd DIR}: working directory, an absolute path;</li>
 * <li>{@code --env KEY=VALUE}, {@code -e KEY=VALUE}: an environment variable;</li>
 * <li>{@code --user UID[:GID]}, {@code -u UID[:GID]}: numbers or names of at most 32 of {@code A-Za-z0-9._-};</li>
 * <li>{@code --additional-gids GID}, {@code -g GID}: a supplementary group number;</li>
 * <li>{@code --no-new-privs}: set no_new_privs for the process.</li>
 * </ul>
 * Everything else is refused, notably {@code --cap} (would grant capabilities beyond the container's),
 * {@code --tty} (no console to attach), {@code --process}, {@code --pid-file}, {@code --detach} and
 * {@code --preserve-fds} (the provider sets those itself).
 */
final class ExecOptions {

    static final String ALLOWED = "--cwd DIR, --env/-e KEY=VALUE, --user/-u UID[:GID], --additional-gids/-g GID,"
            + " --no-new-privs";
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9._-]{1,32}(:[A-Za-z0-9._-]{1,32})?");
    private static final Pattern GID = Pattern.compile("[0-9]{1,10}");

    private ExecOptions() {
    }

    /** The runtime arguments for the options string (empty or {@code null} for none). */
    static List<String> parse(String options) throws ContainerException {
        List<String> words = new ArrayList<>();
        if (options != null) {
            CommandLines.checkText("exec options", options);
            for (String w : options.split(" ")) {
                if (!w.isEmpty()) {
                    words.add(w);
                }
            }
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            int eq = word.startsWith("--") ? word.indexOf('=') : -1;
            String name = eq > 0 ? word.substring(0, eq) : word;
            if (name.equals("--no-new-privs")) {
                if (eq > 0) {
                    throw refused(word);
                }
                out.add(name);
                continue;
            }
            String canonical = canonical(name);
            if (canonical == null) {
                throw refused(word);
            }
            String value;
            if (eq > 0) {
                value = word.substring(eq + 1);
            } else if (i + 1 < words.size()) {
                value = words.get(++i);
            } else {
                throw CommandLines.invalid("exec option " + name + " needs a value");
            }
            out.add(canonical);
            out.add(checkValue(canonical, value));
        }
        return out;
    }

    private static String canonical(String name) {
        return switch (name) {
            case "--cwd" -> "--cwd";
            case "--env", "-e" -> "--env";
            case "--user", "-u" -> "--user";
            case "--additional-gids", "-g" -> "--additional-gids";
            default -> null;
        };
    }

    private static String checkValue(String option, String value) throws ContainerException {
        switch (option) {
            case "--cwd" -> ContainerIds.checkAbsolutePath("exec --cwd", value);
            case "--env" -> CommandLines.checkEnv(value);
            case "--user" -> {
                if (!USER.matcher(value).matches()) {
                    throw CommandLines.invalid("exec --user must be UID[:GID]: '" + ContainerIds.shorten(value) + "'");
                }
            }
            default -> {
                if (!GID.matcher(value).matches()) {
                    throw CommandLines.invalid("exec --additional-gids must be a number: '"
                            + ContainerIds.shorten(value) + "'");
                }
            }
        }
        return value;
    }

    private static ContainerException refused(String word) {
        return CommandLines.invalid("exec option '" + ContainerIds.shorten(word) + "' is not allowed; allowed: "
                + ALLOWED);
    }
}
