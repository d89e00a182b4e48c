package dev.relationshipledger.kernel.relationship;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.relationshipledger.kernel.id.PersonId;
import dev.relationshipledger.kernel.validation.Check;

/**
 * A person at the counterparty the firm deals with. Contact details are business contact details only; nothing
 * secret belongs here (the event store is immutable). The name, position and email are stored sealed with the
 * person's key, and read as {@link #erased} once the key was destroyed (decision 0019).
 */
public record CounterpartyPerson(PersonId personId, String name, String position, String email) {

    public CounterpartyPerson {
        name = Check.trimmed(name);
        position = Check.trimmed(position);
        email = Check.trimmed(email);
        Check.that()
                .notNull("personId", personId)
                .notBlank("name", name, Check.NAME)
                .maxLength("position", position, Check.NAME)
                .maxLength("email", email, Check.NAME)
                .isTrue(email == null || email.matches("[^@\\s]+@[^@\\s]+"), "email", "must look like name@domain")
                .done();
    }

    /** What a person's name reads as once their details were erased. */
    public static final String ERASED = "[erased]";

    /** A person whose details were erased: only the id is left. */
    public static CounterpartyPerson erased(PersonId personId) {
        return new CounterpartyPerson(personId, ERASED, null, null);
    }

    /** Whether this is what is left of a person after their details were erased. */
    @JsonIgnore
    public boolean isErased() {
        return ERASED.equals(name) && position == null && email == null;
    }
}
