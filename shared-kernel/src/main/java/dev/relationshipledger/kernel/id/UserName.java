package dev.relationshipledger.kernel.id;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.relationshipledger.kernel.validation.InvalidValue;

import java.util.regex.Pattern;

/** The login name of a person using the ledger (an owner, an approver, the actor of an event). */
public record UserName(String value) {

    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,99}");

    public UserName {
        if (value == null || value.isBlank()) {
            throw InvalidValue.ofSelf("is required");
        }
        if (!SHAPE.matcher(value).matches()) {
            throw InvalidValue.ofSelf("must be 1-100 characters of letters, digits, '.', '_', '@' or '-'");
        }
    }

    @JsonCreator
    public static UserName of(String value) {
        return new UserName(value);
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
