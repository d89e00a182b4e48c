package dev.relationshipledger.kernel.id;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.relationshipledger.kernel.validation.InvalidValue;

import java.util.UUID;

/** Identifies one logged contact inside its relationship; corrections point at it. */
public record ContactId(UUID value) {

    public ContactId {
        if (value == null) {
            throw InvalidValue.ofSelf("is required");
        }
    }

    public static ContactId generate() {
        return new ContactId(UUID.randomUUID());
    }

    @JsonCreator
    public static ContactId of(String text) {
        return new ContactId(Ids.uuid(text));
    }

    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }
}
