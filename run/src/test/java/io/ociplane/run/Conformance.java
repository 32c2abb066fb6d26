package io.ociplane.run;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Replays rows of what real Thunder answers (issue 16's table, measured against R4.4.7 and R5.3.0) and collects
 * every row that does not hold, so that one run reports them all. A row where we differ on purpose is a
 * deviation: it must be listed, by its key, in the README's "Deliberate deviations from Thunder", the one place
 * where we say so.
 */
final class Conformance {

    static final String README_SECTION = "## Deliberate deviations from Thunder";

    private final String profile;
    private final List<String> failed = new ArrayList<>();
    private final Set<String> deviations = new LinkedHashSet<>();
    private int rows;

    Conformance(String profile) {
        this.profile = profile;
    }

    /** A row that must answer as Thunder does. */
    void row(String name, Runnable check) {
        rows++;
        try {
            check.run();
        } catch (AssertionError | RuntimeException e) {
            failed.add(profile + " | " + name + " | " + e.getMessage());
        }
    }

    /** A row where we differ on purpose; {@code readmeKey} is how the README's list names it. */
    void deviation(String name, String readmeKey, Runnable check) {
        deviations.add(readmeKey);
        row(name + " (deviation: " + readmeKey + ")", check);
    }

    /** Fails with every row that did not hold, and every deviation the README does not list. */
    void assertAllHeld() {
        String listed = readmeDeviations();
        for (String key : deviations) {
            if (!listed.contains(key)) {
                failed.add(profile + " | README | the deviation '" + key + "' is not in " + README_SECTION);
            }
        }
        System.out.printf("conformance %s: %d rows, %d deliberate deviations, %d failed%n", profile, rows,
                deviations.size(), failed.size());
        assertEquals(String.join("\n", failed), List.of(), failed);
    }

    /** The README's list of deliberate deviations (the text of its section). */
    static String readmeDeviations() {
        for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path readme = dir.resolve("README.md");
            if (Files.isRegularFile(readme) && read(readme).contains(README_SECTION)) {
                String text = read(readme);
                int start = text.indexOf(README_SECTION);
                int end = text.indexOf("\n## ", start + README_SECTION.length());
                return end < 0 ? text.substring(start) : text.substring(start, end);
            }
        }
        throw new AssertionError("no README.md with " + README_SECTION + " above " + System.getProperty("user.dir"));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- what rows compare ----

    /** The error of a response without our {@code data} member (a deviation of its own): {@code {code, message}}. */
    static JsonNode error(Rpc.Response r) {
        return error(r.json());
    }

    static JsonNode error(JsonNode response) {
        JsonNode error = response.path("error").deepCopy();
        if (error instanceof ObjectNode o) {
            o.remove("data");
        }
        return error;
    }

    static JsonNode error(String response) {
        return error(Json.tree(response));
    }

    /** {@code {"code":..,"message":..}}, to compare with {@link #error}. */
    static JsonNode err(int code, String message) {
        ObjectNode e = Rpc.MAPPER.createObjectNode();
        e.put("code", code);
        e.put("message", message);
        return e;
    }

    /** The member names of an object, in order, without our {@code note}. */
    static List<String> members(JsonNode object) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext();) {
            String n = it.next();
            if (!n.equals("note")) {
                names.add(n);
            }
        }
        return names;
    }
}
