package dev.relationshipledger.testsupport;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Finds what looks like a secret in a JSON document: a field named like a password, secret, token, credential or
 * key, or a value shaped like one (a password hash, an HTTP credential, a PEM block, a JWT). Events live forever and
 * are read by many; none may carry a secret (ENGINEERING.md, anti-patterns).
 */
public final class SecretScan {

    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i).*(passw|pwd|secret|token|credential|api[-_]?key|private[-_]?key|signing[-_]?key|authori[sz]ation|bearer|cookie|session).*");
    private static final Pattern SECRET_VALUE = Pattern.compile(
            "(?s).*(\\{(bcrypt|noop|pbkdf2|scrypt|argon2|sha256)}|\\$2[aby]\\$\\d\\d\\$|(?i:basic|bearer) [A-Za-z0-9+/=._-]{8,}"
                    + "|-----BEGIN [A-Z ]*KEY-----|eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}).*");

    private SecretScan() {
    }

    /** Every suspicious field or value, as {@code path: reason}; empty when the document is clean. */
    public static List<String> findings(JsonNode document) {
        List<String> findings = new ArrayList<>();
        scan(document, "$", findings);
        return findings;
    }

    private static void scan(JsonNode node, String path, List<String> findings) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (SECRET_NAME.matcher(field.getKey()).matches()) {
                    findings.add(path + "." + field.getKey() + ": field named like a secret");
                }
                scan(field.getValue(), path + "." + field.getKey(), findings);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                scan(node.get(i), path + "[" + i + "]", findings);
            }
        } else if (node.isTextual() && SECRET_VALUE.matcher(node.asText()).matches()) {
            findings.add(path + ": value shaped like a secret");
        }
    }
}
