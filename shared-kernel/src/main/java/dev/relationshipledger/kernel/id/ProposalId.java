package dev.relationshipledger.kernel.id;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.relationshipledger.kernel.validation.InvalidValue;

import java.util.UUID;

/** Identifies one proposal within its negotiation; corrections and conclusions refer to it. */
public record ProposalId(UUID value) {

    public ProposalId {
        if (value == null) {
            throw InvalidValue.ofSelf("is required");
        }
    }

    public static ProposalId generate() {
        return new ProposalId(UUID.randomUUID());
    }

    @JsonCreator
    public static ProposalId of(String text) {
        return new ProposalId(Ids.uuid(text));
    }

    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }
}
