package dev.relationshipledger.kernel.personaldata;

import dev.relationshipledger.kernel.id.PersonId;
import dev.relationshipledger.kernel.id.RelationshipId;

import javax.crypto.SecretKey;
import java.util.Optional;

/**
 * Where the keys that seal a person's details live: one key per person on a relationship (a person's id is scoped to
 * their relationship). The event store keeps only what the key sealed; destroying the key makes the details
 * unreadable in every copy of the events that does not hold the key too, without changing a byte the hash chain
 * covers (decision 0019, which also says what a backup of the whole database still holds).
 */
public interface PersonalDataKeys {

    /**
     * The key to seal a person's details with as their event is stored: created, in the transaction that stores the
     * event, if the person has none yet.
     *
     * @return the key; null only for a reader ({@link ReadOnly}) writing an event again after the key was destroyed:
     *         the person is then written as erased
     * @throws PersonalDataErased if the person's key was destroyed: erased details are never recorded again
     */
    SecretKey sealingKey(RelationshipId relationshipId, PersonId personId);

    /** The key to open a person's details with; empty once their details were erased (or the key never existed). */
    Optional<SecretKey> openingKey(RelationshipId relationshipId, PersonId personId);

    /**
     * Whether the person's details were erased (their key destroyed). Details recorded in clear text, before sealing,
     * are read as erased when this says so.
     */
    boolean erased(RelationshipId relationshipId, PersonId personId);

    /**
     * Keys for the sides and tools that only read events: they never create a key. Should one write an event again
     * (Axon's dead-letter queue may serialize a parked event), it seals with the key the person has, or writes them
     * as erased once it is gone.
     */
    interface ReadOnly extends PersonalDataKeys {

        @Override
        default SecretKey sealingKey(RelationshipId relationshipId, PersonId personId) {
            return openingKey(relationshipId, personId).orElse(null);
        }
    }
}
