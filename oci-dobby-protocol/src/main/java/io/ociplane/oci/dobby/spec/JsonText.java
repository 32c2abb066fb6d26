package io.ociplane.oci.dobby.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * A parse failure told without the text that failed: Jackson's own message quotes the offending token, which would
 * show a caller the first word of a file it could not read itself (docs/spec-safety.md).
 */
final class JsonText {

    private JsonText() {
    }

    /** "{@code what} is not valid JSON at line L column C" (without the position when Jackson has none). */
    static String notValid(String what, JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        if (at == null || at.getLineNr() < 1) {
            return what + " is not valid JSON";
        }
        return what + " is not valid JSON at line " + at.getLineNr() + " column " + at.getColumnNr();
    }
}
