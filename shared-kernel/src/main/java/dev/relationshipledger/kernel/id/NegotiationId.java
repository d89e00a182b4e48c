package dev.relationshipledger.kernel.id;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.relationshipledger.kernel.validation.InvalidValue;

import java.util.UUID;

/** Identifies one negotiation. */
public record NegotiationId(UUID value) {

    public NegotiationId {
        if (value == null) {
            throw InvalidValue.ofSelf("is required");
        }
    }

    public static NegotiationId generate() {
        return new NegotiationId(UUID.randomUUID());
    }

    @JsonCreator
    public static NegotiationId of(String text) {
        return new NegotiationId(Ids.uuid(text));
    }

    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }
}
