package dev.relationshipledger.kernel.message;

import dev.relationshipledger.kernel.id.RelationshipId;

/**
 * A fact recorded in the ledger. Every fact belongs to exactly one relationship, so that the audit trail, the
 * replay of a relationship and an evidence pack can find all of them by that id alone.
 */
public interface LedgerEvent {

    RelationshipId relationshipId();
}
