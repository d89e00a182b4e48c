package dev.relationshipledger.kernel.id;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.relationshipledger.kernel.validation.InvalidValue;

import java.util.UUID;

/** Identifies one person at the counterparty, within their relationship. */
public record PersonId(UUID value) {

    public PersonId {
        if (value == null) {
            throw InvalidValue.ofSelf("is required");
        }
    }

    public static PersonId generate() {
        return new PersonId(UUID.randomUUID());
    }

    @JsonCreator
    public static PersonId of(String text) {
        return new PersonId(Ids.uuid(text));
    }

    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }
}
