package io.ociplane.security.agent.internal;

import java.util.regex.Pattern;

/** One {@code assign} entry of the ACL: origins matching {@code url} get {@code role}. */
record Assignment(Pattern url, Role role) {
}
