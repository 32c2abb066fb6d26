package io.ociplane.run.dashboard;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TestRule;
import org.junit.runner.Description;
import org.junit.runners.model.Statement;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.ExpectedConditions;

import io.ociplane.run.Rpc;

/**
 * The dashboard in a real browser (headless chromium through Selenium WebDriver) against the real runtime with its
 * access checks on: a token entered once, a bad spec's reason shown, a real runc container started, paused, watched
 * and stopped from the page, a plugin deactivated and activated, a wrong token refused, no console errors, the
 * ThunderUI directory's rules (docs/dashboard.md). A failed test leaves a screenshot in
 * run/target/dashboard-screenshots; containers and the browser are removed either way.
 */
public class DashboardIT {

    private static DashboardRuntime runtime;
    private Browser browser;

    @BeforeClass
    public static void launch() throws Exception {
        assertTrue("chromium and chromium-driver are needed (.ci/run installs them)", Browser.installed());
        runtime = DashboardRuntime.launch();
    }

    @AfterClass
    public static void shutDown() {
        if (runtime != null) {
            runtime.close();
        }
    }

    /**
     * A browser for each test that asks for one ({@link #browser()}); on failure a screenshot first; the browser is
     * closed and the test's containers are stopped whatever happened.
     */
    @Rule
    public final TestRule browserRule = (base, description) -> new Statement() {
        @Override
        public void evaluate() throws Throwable {
            try {
                base.evaluate();
            } catch (Throwable t) {
                if (browser != null) {
                    System.err.println("screenshot: " + browser.screenshot(description.getMethodName() + "-failed"));
                }
                throw t;
            } finally {
                try {
                    if (browser != null) {
                        browser.close();
                        browser = null;
                    }
                } finally {
                    runtime.stopAllContainers();
                }
            }
        }
    };

    private Browser browser() throws Exception {
        if (browser == null) {
            browser = new Browser();
        }
        return browser;
    }

    @Test
    public void aContainerStartedFromThePageIsWatchedPausedAndStopped() throws Exception {
        signIn(runtime.token(runtime.origin()));
        browser.await("the runc provider shown",
                ExpectedConditions.textToBePresentInElementLocated(By.id("provider"), "container provider: runc"));
        String id = "dash" + ThreadLocalRandom.current().nextInt(10000, 100000);
        browser.find("#container-id").sendKeys(id);

        // a Dobby spec without "args": the server's reason is shown
        browser.find("#kind-spec").click();
        browser.find("#dobby-spec").clear();
        browser.find("#dobby-spec").sendKeys("{\"version\":\"1.0\",\"user\":{\"uid\":1000,\"gid\":1000},"
                + "\"memLimit\":1000000}");
        browser.find("#start-button").click();
        browser.await("the reason shown", ExpectedConditions.textToBePresentInElementLocated(By.id("start-error"),
                "\"args\""));

        browser.find("#kind-bundle").click();
        browser.find("#bundle-path").sendKeys(runtime.bundle.toString());
        browser.find("#start-button").click();
        String row = "tr[data-container='" + id + "']";
        browser.await("the container listed as running", ExpectedConditions.presenceOfElementLocated(
                By.cssSelector(row + "[data-state='Running'] .badge-running")));
        assertEquals("Running", state(id));

        browser.find(row + " .pause").sendKeys(Keys.ENTER); // a real button: Enter presses it
        browser.await("the badge says paused", ExpectedConditions.presenceOfElementLocated(
                By.cssSelector(row + "[data-state='Paused'] .badge-paused")));
        assertEquals("the runtime agrees", "Paused", state(id));
        browser.find(row + " .pause").click();
        browser.await("running again", ExpectedConditions.presenceOfElementLocated(
                By.cssSelector(row + "[data-state='Running']")));

        browser.find(row + " .details-button").click();
        browser.await("the memory plot has points", d -> Integer.parseInt(d.findElement(
                By.cssSelector("#container-details svg.plot")).getAttribute("data-points")) >= 2);
        assertFalse("pids shown", browser.find("#container-details .pids").getText().equals("—"));
        browser.find("#annotation-key").sendKeys("owner");
        browser.find("#annotation-value").sendKeys("dashboard");
        browser.find("#annotation-value").submit();
        browser.await("the annotation listed", ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#container-details .annotations"), "owner = dashboard"));
        browser.find("#exec-command").sendKeys("/bin/busybox true", Keys.ENTER);
        browser.await("the command ran", ExpectedConditions.textToBePresentInElementLocated(By.id("status"),
                id + ": ran /bin/busybox true"));
        browser.screenshot("dashboard-details");
        browser.scrollToTop();
        Path shot = browser.screenshot("dashboard-1280x720");
        Files.copy(shot, Path.of("/tmp/dashboard-1280x720.png"), StandardCopyOption.REPLACE_EXISTING);

        browser.find(row + " .stop").click();
        browser.await("the container left the list", ExpectedConditions.invisibilityOfElementLocated(
                By.cssSelector(row)));
        browser.await("the stop in the event log", ExpectedConditions.textToBePresentInElementLocated(
                By.id("event-list"), "onContainerStopped"));
        assertTrue("gone from the runtime too", runtime.rpc.call("org.rdk.OCIContainer.1.listContainers", null)
                .body().indexOf(id) < 0);
        assertEquals("no console errors", List.of(), browser.consoleErrors());
    }

    @Test
    public void aPluginDeactivatedFromThePageShowsIt() throws Exception {
        signIn(runtime.token(runtime.origin()));
        String row = "tr[data-callsign='Containers']";
        browser.await("Containers active", ExpectedConditions.presenceOfElementLocated(
                By.cssSelector(row + "[data-state='activated']")));
        browser.find(row + " button[aria-controls='plugin-config']").click();
        browser.await("its configuration shown", ExpectedConditions.textToBePresentInElementLocated(
                By.id("plugin-config"), "containerPaths"));
        browser.find(row + " .toggle").click();
        browser.await("Containers deactivated on the page", ExpectedConditions.presenceOfElementLocated(
                By.cssSelector(row + "[data-state='deactivated'] .badge-deactivated")));
        assertEquals("deactivated", runtime.rpc.status("Containers").path("state").asText());
        browser.await("the statechange in the event log", ExpectedConditions.textToBePresentInElementLocated(
                By.id("event-list"), "Deactivated"));
        browser.find(row + " .toggle").click();
        browser.await("Containers active again", ExpectedConditions.presenceOfElementLocated(
                By.cssSelector(row + "[data-state='activated']")));
        assertEquals("no console errors", List.of(), browser.consoleErrors());
    }

    @Test
    public void aWrongTokenIsRefused() throws Exception {
        signInWith("not-a-token");
        browser.await("refused", ExpectedConditions.textToBePresentInElementLocated(By.id("login-error"),
                "refused"));
        assertFalse(browser.find("#app").isDisplayed());
        signInWith(runtime.token("http://elsewhere.example"));
        browser.await("a token for another origin refused too", ExpectedConditions.textToBePresentInElementLocated(
                By.id("login-error"), "refused"));
        assertFalse(browser.find("#app").isDisplayed());
    }

    @Test
    public void thePageIsServedWithAStrictPolicyAndOtherPathsAreUntouched() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String path : List.of("/", "/dashboard/index.html", "/dashboard/js/main.js")) {
            HttpResponse<String> r = get(http, path);
            assertEquals(path, 200, r.statusCode());
            assertTrue(path, r.headers().firstValue("Content-Security-Policy").orElse("")
                    .startsWith("default-src 'none'; script-src 'self'"));
        }
        assertTrue(get(http, "/").body().contains("<script type=\"module\" src=\"/dashboard/js/main.js\">"));
        assertEquals(404, get(http, "/nothing-here").statusCode());
        Rpc.Response r = runtime.rpc.call("Controller.1.status@Controller", null);
        assertEquals(200, r.status());
        assertTrue(r.body(), r.json().path("result").path(0).path("state").asText().equals("activated"));
    }

    @Test
    public void theThunderUiDirectoryServesItsFilesAndNothingElse() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> index = get(http, "/Service/Controller/UI/");
        assertEquals(200, index.statusCode());
        assertEquals("<title>ThunderUI</title>", index.body());
        assertEquals("text/html;charset=utf-8", index.headers().firstValue("Content-Type").orElse(""));
        HttpResponse<String> script = get(http, "/Service/Controller/UI/js/app.js");
        assertEquals(200, script.statusCode());
        assertEquals("text/javascript;charset=utf-8", script.headers().firstValue("Content-Type").orElse(""));
        assertEquals(302, get(http, "/Service/Controller/UI").statusCode());
        for (String path : List.of("/Service/Controller/UI/secret.txt", "/Service/Controller/UI/.hidden",
                "/Service/Controller/UI/missing.js", "/Service/Controller/UI/js/")) {
            assertEquals(path, 404, get(http, path).statusCode());
        }
        // Jetty refuses a path that climbs out before any servlet sees it
        String raw = runtime.rpc.raw("GET /Service/Controller/UI/../../secret.txt HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Connection: close\r\n\r\n");
        assertFalse(raw, raw.contains("secret\n") || raw.endsWith("secret"));
        assertFalse(raw, raw.startsWith("HTTP/1.1 200"));
    }

    private HttpResponse<String> get(HttpClient http, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(runtime.origin() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void signIn(String token) throws Exception {
        signInWith(token);
        browser.await("connected", ExpectedConditions.textToBePresentInElementLocated(By.id("connection"),
                "connected to"));
        browser.await("plugins listed", ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("tr[data-callsign='org.rdk.OCIContainer'][data-state='activated']")));
    }

    private void signInWith(String token) throws Exception {
        browser().open(runtime.origin() + "/");
        browser.await("the token form", ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        browser.find("#token").sendKeys(token, Keys.ENTER); // the keyboard is enough
    }

    private String state(String id) {
        return runtime.rpc.call("org.rdk.OCIContainer.1.getContainerState", "{\"containerId\":\"" + id + "\"}")
                .json().path("result").path("state").asText();
    }
}
