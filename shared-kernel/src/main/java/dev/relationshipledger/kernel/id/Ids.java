package dev.relationshipledger.kernel.id;

import dev.relationshipledger.kernel.validation.InvalidValue;

import java.util.UUID;

/** Parsing shared by the typed ids, so that every id reports a malformed value the same way. */
final class Ids {

    private Ids() {
    }

    static UUID uuid(String text) {
        if (text == null || text.isBlank()) {
            throw InvalidValue.ofSelf("is required");
        }
        try {
            UUID parsed = UUID.fromString(text.strip());
            if (!parsed.toString().equalsIgnoreCase(text.strip())) {
                throw new IllegalArgumentException("not canonical");
            }
            return parsed;
        } catch (IllegalArgumentException e) {
            throw InvalidValue.ofSelf("must be a UUID such as 3f2c1c9e-5b7a-4a52-9a61-0c2f4e8b1d70");
        }
    }
}
