package dev.relationshipledger.kernel.relationship;

import dev.relationshipledger.kernel.id.PersonId;
import dev.relationshipledger.kernel.validation.Check;

/**
 * A person at the counterparty the firm deals with. Contact details are business contact details only; nothing
 * secret belongs here (the event store is immutable).
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
}
