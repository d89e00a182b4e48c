package dev.relationshipledger.kernel.personaldata;

import dev.relationshipledger.kernel.id.PersonId;
import dev.relationshipledger.kernel.id.RelationshipId;

import javax.crypto.SecretKey;
import java.util.Optional;

/**
 * Where the keys that seal a person's details live: one key per person on a relationship (a person's id is scoped to
 * their relationship). The event store keeps only what the key sealed; destroying the key erases the details from
 * every copy of the events, backups included, without changing a byte the hash chain covers (decision 0019).
 */
public interface PersonalDataKeys {

    /**
     * The key to seal a person's details with as their event is stored: created, in the transaction that stores the
     * event, if the person has none yet.
     *
     * @throws PersonalDataErased if the person's key was destroyed: erased details are never recorded again
     */
    SecretKey sealingKey(RelationshipId relationshipId, PersonId personId);

    /** The key to open a person's details with; empty once their details were erased (or the key never existed). */
    Optional<SecretKey> openingKey(RelationshipId relationshipId, PersonId personId);

    /**
     * Keys for the sides and tools that only read events: they never create a key. Should one write an event again
     * (Axon's dead-letter queue may serialize a parked event), it seals with the key the person has.
     */
    interface ReadOnly extends PersonalDataKeys {

        @Override
        default SecretKey sealingKey(RelationshipId relationshipId, PersonId personId) {
            return openingKey(relationshipId, personId).orElseThrow(() -> new PersonalDataErased(relationshipId, personId));
        }
    }
}
