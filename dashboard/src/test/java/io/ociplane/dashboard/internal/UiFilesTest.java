package io.ociplane.dashboard.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real files and links in a temporary directory: what {@link UiFiles} serves and what it refuses. */
class UiFilesTest {

    @TempDir
    Path tmp;
    Path ui;
    UiFiles files;

    @BeforeEach
    void tree() throws IOException {
        ui = Files.createDirectory(tmp.resolve("ui"));
        Files.writeString(ui.resolve("index.html"), "<p>ui</p>");
        Files.createDirectory(ui.resolve("js"));
        Files.writeString(ui.resolve("js/app.js"), "x");
        Files.writeString(tmp.resolve("secret"), "s");
        files = new UiFiles(ui.toRealPath(), (Integer) Files.getAttribute(ui, "unix:uid"));
    }

    @Test
    void servesFilesAndTheFoldersIndex() throws IOException {
        assertEquals(Optional.of(ui.resolve("js/app.js")), files.find("/js/app.js"));
        assertEquals(Optional.of(ui.resolve("index.html")), files.find("/"));
        assertEquals(Optional.of(ui.resolve("index.html")), files.find("/index.html"));
    }

    @Test
    void refusesNamesThatLeaveOrHide() throws IOException {
        for (String p : new String[] { "/../secret", "/js/../../secret", "/./index.html", "/.hidden", "//index.html",
                "/js//app.js", "/js\\app.js", "/a\u0000b", "index.html", "", "/" + "a/".repeat(20) + "x",
                "/" + "a".repeat(1100) }) {
            assertTrue(files.find(p).isEmpty(), p);
        }
        assertTrue(files.find(null).isEmpty());
    }

    @Test
    void refusesLinksEvenInside() throws IOException {
        Files.createSymbolicLink(ui.resolve("out"), tmp.resolve("secret"));
        Files.createSymbolicLink(ui.resolve("outdir"), tmp);
        Files.createSymbolicLink(ui.resolve("in.js"), ui.resolve("js/app.js"));
        assertTrue(files.find("/out").isEmpty());
        assertTrue(files.find("/outdir/secret").isEmpty());
        assertTrue(files.find("/in.js").isEmpty());
    }

    @Test
    void refusesWhatOthersMayChangeAndMissingFiles() throws IOException {
        Files.setPosixFilePermissions(ui.resolve("js"), PosixFilePermissions.fromString("rwxrwxrwx"));
        assertTrue(files.find("/js/app.js").isEmpty());
        Files.setPosixFilePermissions(ui.resolve("index.html"), PosixFilePermissions.fromString("rw-rw-r--"));
        assertTrue(files.find("/").isEmpty());
        assertTrue(files.find("/nothing.js").isEmpty());
        UiFiles otherOwner = new UiFiles(ui.toRealPath(), 12345);
        assertTrue(otherOwner.find("/js/app.js").isEmpty());
    }

    @Test
    void typesByExtension() {
        assertEquals("text/javascript;charset=utf-8", ThunderUiDirectory.type("a.MJS"));
        assertEquals("application/octet-stream", ThunderUiDirectory.type("noext"));
    }
}
