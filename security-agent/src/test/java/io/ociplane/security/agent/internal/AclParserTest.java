package io.ociplane.security.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What makes an ACL file unusable, and that the message says where. */
class AclParserTest {

    private static AccessControlList parse(String json) throws AclFormatException {
        return AclParser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "{\"assign\":[],\"roles\":{\"apps\":{\"Controller\":{\"default\":\"maybe\"}}}}"
            + " | roles.apps.Controller.default must be \"allowed\" or \"blocked\"",
        "{\"assign\":[],\"roles\":{\"apps\":{\"default\":\"Allowed\"}}}"
            + " | roles.apps.default must be \"allowed\" or \"blocked\"",
        "{\"assign\":[],\"roles\":{\"apps\":{\"default\":true}}}"
            + " | roles.apps.default must be \"allowed\" or \"blocked\"",
        "{\"assign\":[],\"roles\":{\"apps\":{\"Controller\":{\"methods\":\"status\"}}}}"
            + " | roles.apps.Controller.methods must be an array of method patterns",
        "{\"assign\":[],\"roles\":{\"apps\":{\"Controller\":{\"methods\":[\"status\",3]}}}}"
            + " | roles.apps.Controller.methods[1] must be a string",
        "{\"assign\":[],\"roles\":{\"apps\":{\"Controller\":{\"methods\":[\"\"]}}}}"
            + " | roles.apps.Controller.methods[0] must not be empty",
        "{\"assign\":[],\"roles\":{\"apps\":{\"org.rdk.OCIContainer\":{\"method\":[\"x\"]}}}}"
            + " | roles.apps.org.rdk.OCIContainer: unknown member \"method\" (expected default, methods)",
        "{\"assign\":[],\"roles\":{\"apps\":{\"Controller\":\"allowed\"}}}"
            + " | roles.apps.Controller must be an object with \"default\" and \"methods\"",
        "{\"assign\":[],\"roles\":{\"apps\":[]}} | roles.apps must be an object",
        "{\"assign\":[],\"roles\":[]} | roles must be an object of roles by name",
        "{\"assign\":{},\"roles\":{}} | assign must be an array of {\"url\", \"role\"}",
        "{\"roles\":{}} | \"assign\" is missing",
        "{\"assign\":[]} | \"roles\" is missing",
        "{\"assign\":[],\"roles\":{},\"role\":{}} | unknown member \"role\" (expected assign, roles)",
        "{\"assign\":[{\"url\":\"*://localhost\"}],\"roles\":{}} | assign[0]: \"role\" is missing",
        "{\"assign\":[{\"url\":\"*://localhost\",\"role\":\"local\"}],\"roles\":{}}"
            + " | assign[0].role \"local\" is not defined in roles",
        "{\"assign\":[{\"url\":7,\"role\":\"r\"}],\"roles\":{\"r\":{}}} | assign[0].url must be a string",
        "{\"assign\":[{\"url\":\"localhost\",\"role\":\"r\"}],\"roles\":{\"r\":{}}}"
            + " | assign[0].url \"localhost\" must be an origin pattern scheme://host[:port]",
        "{\"assign\":[{\"url\":\"http://localhost/app\",\"role\":\"r\"}],\"roles\":{\"r\":{}}}"
            + " | assign[0].url \"http://localhost/app\" must be an origin pattern scheme://host[:port], without path, query or user",
        "{\"assign\":[{\"url\":\"http://localhost:80a\",\"role\":\"r\"}],\"roles\":{\"r\":{}}}"
            + " | assign[0].url \"http://localhost:80a\" has an invalid port",
        "{\"assign\":[{\"url\":\"ht tp://localhost\",\"role\":\"r\"}],\"roles\":{\"r\":{}}}"
            + " | assign[0].url \"ht tp://localhost\" has an invalid scheme",
        "{\"assign\":[\"*://localhost\"],\"roles\":{}} | assign[0] must be an object with \"url\" and \"role\"",
        "[] | the top level must be an object with \"assign\" and \"roles\"",
        "'' | the file is empty",
    })
    void broken(String json, String message) {
        assertEquals(message, assertThrows(AclFormatException.class, () -> parse(json)).getMessage());
    }

    @Test
    void syntaxErrorsSayWhere() {
        String message = assertThrows(AclFormatException.class, () -> parse("{\n  \"assign\": [,\n}")).getMessage();
        assertTrue(message.startsWith("not valid JSON at line 2, column "), message);
    }

    @Test
    void duplicateKeysAndTrailingTextAreRefused() {
        assertTrue(assertThrows(AclFormatException.class,
                () -> parse("{\"assign\":[],\"roles\":{\"a\":{},\"a\":{}}}")).getMessage().contains("Duplicate field 'a'"));
        assertTrue(assertThrows(AclFormatException.class, () -> parse("{\"assign\":[],\"roles\":{}} {}"))
                .getMessage().startsWith("not valid JSON"));
    }

    @Test
    void commentsAreAllowedAndMissingDefaultsBlock() throws AclFormatException {
        AccessControlList acl = parse("""
                // who is who
                {"assign": [ {"url": "*://localhost", "role": "r"} ], /* the roles: */
                 "roles": {"r": {"Controller": {"methods": ["status"]}}}}
                """);
        assertTrue(acl.allows("http://localhost", "Controller", "status"));
        assertFalse(acl.allows("http://localhost", "Controller", "activate"));
        assertFalse(acl.allows("http://localhost", "Containers", "containers"));
    }

    @Test
    void theShippedExampleIsValidAndSaysWhatItsCommentsSay() throws Exception {
        Path example = Path.of("..", "run", "etc", "security", "acl.json");
        AccessControlList acl = AclParser.parse(Files.readAllBytes(example));
        // local pages and programs: everything
        assertTrue(acl.allows("http://localhost:8080", "org.rdk.OCIContainer", "executeCommand"));
        assertTrue(acl.allows("http://127.0.0.1", "SecurityAgent", "createtoken"));
        assertFalse(acl.allows("http://localhost.example.org", "Controller", "status"));
        // apps
        String app = "https://shop.example.com";
        assertTrue(acl.allows(app, "org.rdk.OCIContainer", "startContainer"));
        assertFalse(acl.allows(app, "org.rdk.OCIContainer", "executeCommand"));
        assertTrue(acl.allows(app, "Controller", "status"));
        assertFalse(acl.allows(app, "Controller", "activate"));
        for (String read : new String[] { "containers", "networks", "memory", "cpu" }) {
            assertTrue(acl.allows(app, "Containers", read), read);
        }
        assertFalse(acl.allows(app, "Containers", "start"));
        assertFalse(acl.allows(app, "Containers", "stop"));
        assertFalse(acl.allows(app, "SecurityAgent", "createtoken"));
        assertFalse(acl.allows("https://example.com", "Controller", "status"));
        // viewer
        String viewer = "https://dashboard.example.net";
        assertTrue(acl.allows(viewer, "org.rdk.OCIContainer", "listContainers"));
        assertTrue(acl.allows(viewer, "org.rdk.OCIContainer", "getContainerState"));
        assertTrue(acl.allows(viewer, "org.rdk.OCIContainer", "register"));
        assertFalse(acl.allows(viewer, "org.rdk.OCIContainer", "stopContainer"));
        assertFalse(acl.allows(viewer, "SecurityAgent", "createtoken"));
        // no role: nothing
        assertFalse(acl.allows("https://evil.test", "Controller", "status"));
    }
}
