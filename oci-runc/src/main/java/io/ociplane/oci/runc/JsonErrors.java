package io.ociplane.oci.runc;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * Parse failures told without the text that failed: Jackson's own messages quote the offending token, which
 * would show a caller the first word of a file it could not read itself (docs/spec-safety.md).
 */
final class JsonErrors {

    private JsonErrors() {
    }

    /** "{@code what} is not valid JSON at line L column C". */
    static String notValid(String what, JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        if (at == null || at.getLineNr() < 1) {
            return what + " is not valid JSON";
        }
        return what + " is not valid JSON at line " + at.getLineNr() + " column " + at.getColumnNr();
    }
}
