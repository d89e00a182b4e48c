package dev.relationshipledger.kernel.id;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.relationshipledger.kernel.validation.InvalidValue;

import java.util.UUID;

/** Identifies one complaint. */
public record ComplaintId(UUID value) {

    public ComplaintId {
        if (value == null) {
            throw InvalidValue.ofSelf("is required");
        }
    }

    public static ComplaintId generate() {
        return new ComplaintId(UUID.randomUUID());
    }

    @JsonCreator
    public static ComplaintId of(String text) {
        return new ComplaintId(Ids.uuid(text));
    }

    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }
}
