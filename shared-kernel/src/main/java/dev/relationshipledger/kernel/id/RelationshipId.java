package dev.relationshipledger.kernel.id;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.relationshipledger.kernel.validation.InvalidValue;

import java.util.UUID;

/** Identifies one relationship with one counterparty. Written as its UUID text everywhere (JSON, URLs, SQL). */
public record RelationshipId(UUID value) {

    public RelationshipId {
        if (value == null) {
            throw InvalidValue.ofSelf("is required");
        }
    }

    public static RelationshipId generate() {
        return new RelationshipId(UUID.randomUUID());
    }

    @JsonCreator
    public static RelationshipId of(String text) {
        return new RelationshipId(Ids.uuid(text));
    }

    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }
}
