package dev.relationshipledger.kernel.personaldata;

import dev.relationshipledger.kernel.id.PersonId;
import dev.relationshipledger.kernel.id.RelationshipId;

/** A person's key was destroyed: their details cannot be recorded again under the same id. */
public class PersonalDataErased extends RuntimeException {

    public PersonalDataErased(RelationshipId relationshipId, PersonId personId) {
        super("the personal data of person " + personId + " on relationship " + relationshipId
                + " was erased; record the person again under a new id");
    }
}
