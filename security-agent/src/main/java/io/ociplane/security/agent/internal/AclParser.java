package io.ociplane.security.agent.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Reads an ACL file in Thunder's format (docs/security-agent.md "The access control list"). Strict: an unknown
 * member, a wrong type or an unknown default makes the whole file unusable, because in an access list a typo that
 * is skipped silently changes who may do what.
 */
final class AclParser {

    static final String ALLOWED = "allowed";
    static final String BLOCKED = "blocked";

    /** Comments let a documented example ship; duplicate keys would leave one of two rules silently unused. */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private AclParser() {
    }

    static AccessControlList parse(byte[] json) throws AclFormatException {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new AclFormatException("not valid JSON" + (at == null ? "" : " at line " + at.getLineNr()
                    + ", column " + at.getColumnNr()) + ": " + withoutSource(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new AclFormatException("not readable as JSON: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw new AclFormatException("the file is empty");
        }
        if (!root.isObject()) {
            throw new AclFormatException("the top level must be an object with \"assign\" and \"roles\"");
        }
        onlyMembers(root, "", Set.of("assign", "roles"));
        Map<String, Role> roles = roles(required(root, "roles", ""));
        List<Assignment> assignments = assignments(required(root, "assign", ""), roles);
        return new AccessControlList(assignments, roles.size());
    }

    /** Jackson's messages may name a redacted source ("[Source: REDACTED ...; line..."), which tells nothing. */
    private static String withoutSource(String message) {
        return message == null ? "" : message.replaceAll("Source: [^;\\]]*; ", "");
    }

    private static Map<String, Role> roles(JsonNode node) throws AclFormatException {
        if (!node.isObject()) {
            throw new AclFormatException("roles must be an object of roles by name");
        }
        Map<String, Role> roles = new HashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            roles.put(e.getKey(), role(e.getKey(), e.getValue(), "roles." + e.getKey()));
        }
        return roles;
    }

    private static Role role(String name, JsonNode node, String where) throws AclFormatException {
        if (!node.isObject()) {
            throw new AclFormatException(where + " must be an object");
        }
        boolean allowedByDefault = false;
        List<CallsignRule> rules = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) { // file order: the first match decides
            if ("default".equals(e.getKey())) {
                allowedByDefault = verdict(e.getValue(), where + ".default");
            } else {
                rules.add(callsign(e.getKey(), e.getValue(), where + "." + e.getKey()));
            }
        }
        return new Role(name, allowedByDefault, List.copyOf(rules));
    }

    private static CallsignRule callsign(String pattern, JsonNode node, String where) throws AclFormatException {
        if (!node.isObject()) {
            throw new AclFormatException(where + " must be an object with \"default\" and \"methods\"");
        }
        onlyMembers(node, where, Set.of("default", "methods"));
        Pattern callsign = pattern(pattern, where + " (the callsign pattern)");
        boolean allowedByDefault = node.has("default") && verdict(node.get("default"), where + ".default");
        List<Pattern> exceptions = new ArrayList<>();
        JsonNode methods = node.get("methods");
        if (methods != null) {
            if (!methods.isArray()) {
                throw new AclFormatException(where + ".methods must be an array of method patterns");
            }
            for (int i = 0; i < methods.size(); i++) {
                JsonNode m = methods.get(i);
                String at = where + ".methods[" + i + "]";
                if (!m.isTextual()) {
                    throw new AclFormatException(at + " must be a string");
                }
                exceptions.add(pattern(m.asText(), at));
            }
        }
        return new CallsignRule(callsign, allowedByDefault, List.copyOf(exceptions));
    }

    private static List<Assignment> assignments(JsonNode node, Map<String, Role> roles) throws AclFormatException {
        if (!node.isArray()) {
            throw new AclFormatException("assign must be an array of {\"url\", \"role\"}");
        }
        List<Assignment> assignments = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode a = node.get(i);
            String where = "assign[" + i + "]";
            if (!a.isObject()) {
                throw new AclFormatException(where + " must be an object with \"url\" and \"role\"");
            }
            onlyMembers(a, where, Set.of("url", "role"));
            String url = text(required(a, "url", where), where + ".url");
            String roleName = text(required(a, "role", where), where + ".role");
            Role role = roles.get(roleName);
            if (role == null) {
                throw new AclFormatException(where + ".role \"" + roleName + "\" is not defined in roles");
            }
            Pattern pattern;
            try {
                pattern = Patterns.url(url);
            } catch (IllegalArgumentException e) {
                throw new AclFormatException(where + ".url \"" + url + "\" " + e.getMessage());
            }
            assignments.add(new Assignment(pattern, role));
        }
        return assignments;
    }

    private static boolean verdict(JsonNode node, String where) throws AclFormatException {
        if (node.isTextual() && ALLOWED.equals(node.asText())) {
            return true;
        }
        if (node.isTextual() && BLOCKED.equals(node.asText())) {
            return false;
        }
        throw new AclFormatException(where + " must be \"allowed\" or \"blocked\"");
    }

    private static Pattern pattern(String text, String where) throws AclFormatException {
        try {
            return Patterns.name(text);
        } catch (IllegalArgumentException e) {
            throw new AclFormatException(where + " " + e.getMessage());
        }
    }

    private static JsonNode required(JsonNode object, String member, String where) throws AclFormatException {
        JsonNode value = object.get(member);
        if (value == null) {
            throw new AclFormatException((where.isEmpty() ? "" : where + ": ") + "\"" + member + "\" is missing");
        }
        return value;
    }

    private static String text(JsonNode node, String where) throws AclFormatException {
        if (!node.isTextual()) {
            throw new AclFormatException(where + " must be a string");
        }
        return node.asText();
    }

    private static void onlyMembers(JsonNode object, String where, Set<String> known) throws AclFormatException {
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            if (!known.contains(e.getKey())) {
                throw new AclFormatException((where.isEmpty() ? "" : where + ": ") + "unknown member \""
                        + e.getKey() + "\" (expected " + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }
}
