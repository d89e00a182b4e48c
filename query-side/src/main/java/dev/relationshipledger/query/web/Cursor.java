package dev.relationshipledger.query.web;

import dev.relationshipledger.kernel.validation.InvalidValue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * An opaque keyset cursor: the sort key and the last row's sort value and id, so the next page starts strictly
 * after it whatever was inserted meanwhile. Clients pass it back unchanged; a tampered one is a 400.
 */
public record Cursor(String sort, String value, String id) {

    private static final String SEPARATOR = "\u001f";

    public String encode() {
        String raw = sort + SEPARATOR + (value == null ? "" : value) + SEPARATOR + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    public static Cursor decode(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            String[] parts = raw.split(SEPARATOR, -1);
            if (parts.length != 3) {
                throw new IllegalArgumentException("shape");
            }
            return new Cursor(parts[0], parts[1], parts[2]);
        } catch (IllegalArgumentException e) {
            throw InvalidValue.of("cursor", "is not a cursor this API handed out");
        }
    }
}
