package dev.relationshipledger.kernel.id;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.relationshipledger.kernel.validation.InvalidValue;

import java.util.UUID;

/** Identifies one request for an approval to go beyond a negotiation mandate. */
public record ApprovalId(UUID value) {

    public ApprovalId {
        if (value == null) {
            throw InvalidValue.ofSelf("is required");
        }
    }

    public static ApprovalId generate() {
        return new ApprovalId(UUID.randomUUID());
    }

    @JsonCreator
    public static ApprovalId of(String text) {
        return new ApprovalId(Ids.uuid(text));
    }

    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }
}
