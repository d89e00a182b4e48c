package dev.relationshipledger.kernel.personaldata;

import javax.crypto.SecretKey;
import java.util.Optional;

/**
 * Where the keys live that seal what the events hold about people: one key per person on a relationship (decision
 * 0019) and one per logged contact (decision 0021), see {@link KeyHolder}. The event store keeps only what a key
 * sealed; destroying the key makes it unreadable in every copy of the events that does not hold the key too, without
 * changing a byte the hash chain covers (decision 0019 also says what a backup of the whole database still holds).
 */
public interface PersonalDataKeys {

    /**
     * The key to seal the holder's values with as their event is stored: created, in the transaction that stores the
     * event, if the holder has none yet.
     *
     * @return the key; null only for a reader ({@link ReadOnly}) writing an event again after the key was destroyed:
     *         the values are then written as erased
     * @throws PersonalDataErased if the key was destroyed: erased values are never recorded again
     */
    SecretKey sealingKey(KeyHolder holder);

    /**
     * The key for a holder that has none yet by the ledger's own rules: a contact as it is logged (its id is new on
     * the relationship). A writer may store it later in the same transaction, with the others of the transaction in
     * one statement; asked again in that transaction, it gives the same key. By default {@link #sealingKey}.
     */
    default SecretKey newKey(KeyHolder holder) {
        return sealingKey(holder);
    }

    /** The key to open the holder's values with; empty once they were erased (or the key never existed). */
    Optional<SecretKey> openingKey(KeyHolder holder);

    /**
     * Whether the holder's values were erased (their key destroyed). Values recorded in clear text, before sealing,
     * are read as erased when this says so.
     */
    boolean erased(KeyHolder holder);

    /**
     * Keys for the sides and tools that only read events: they never create a key. Should one write an event again
     * (Axon's dead-letter queue may serialize a parked event), it seals with the key the holder has, or writes the
     * values as erased once it is gone.
     */
    interface ReadOnly extends PersonalDataKeys {

        @Override
        default SecretKey sealingKey(KeyHolder holder) {
            return openingKey(holder).orElse(null);
        }
    }
}
