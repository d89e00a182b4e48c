package dev.relationshipledger.kernel.id;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.relationshipledger.kernel.validation.InvalidValue;

import java.util.UUID;

/** Identifies one contract. */
public record ContractId(UUID value) {

    public ContractId {
        if (value == null) {
            throw InvalidValue.ofSelf("is required");
        }
    }

    public static ContractId generate() {
        return new ContractId(UUID.randomUUID());
    }

    @JsonCreator
    public static ContractId of(String text) {
        return new ContractId(Ids.uuid(text));
    }

    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }
}
