-- Every projection can be rebuilt without downtime, alone or all from one scan of the ledger
-- (docs/decisions/0009-rebuild-without-downtime.md): shadow tables for the audit trail and the negotiation history
-- beside the status projection's (V6). A migration that changes a live table changes its shadow the same way.
--
-- Shadow tables are UNLOGGED: they hold nothing of record, only a rebuild's scratch copy of what the event store
-- already holds durably, so writing them to the WAL (and waiting for its flushes) bought nothing.
-- After a crash PostgreSQL empties them; the rebuild that was filling them is FAILED and is simply started again.
-- The switch copies the rows that differ into the live tables, which are logged as before.
ALTER TABLE relationship_status_next SET UNLOGGED;
ALTER TABLE reputation_point_next SET UNLOGGED;
ALTER TABLE state_checkpoint_next SET UNLOGGED;

-- The audit trail's shadow keeps only the indexes the rebuild itself uses (the key, and the subject for linking a
-- correction to its original); the other six would only slow the bulk copy.
CREATE UNLOGGED TABLE audit_entry_next (LIKE audit_entry INCLUDING ALL EXCLUDING INDEXES);
ALTER TABLE audit_entry_next ADD CONSTRAINT audit_entry_next_pk PRIMARY KEY (position);
CREATE INDEX audit_entry_next_subject_idx ON audit_entry_next (subject, position) WHERE subject IS NOT NULL;

CREATE UNLOGGED TABLE negotiation_next (LIKE negotiation INCLUDING ALL);
CREATE UNLOGGED TABLE negotiation_round_next (LIKE negotiation_round INCLUDING ALL);
CREATE UNLOGGED TABLE negotiation_correction_next (LIKE negotiation_correction INCLUDING ALL);
CREATE UNLOGGED TABLE negotiation_approval_next (LIKE negotiation_approval INCLUDING ALL);

-- The switch replaces only the rows that differ; a negotiation whose header changed is deleted and written again
-- while its unchanged rounds stay, so the keys pointing at it are checked when the switch commits.
ALTER TABLE negotiation_round ALTER CONSTRAINT negotiation_round_negotiation_fk DEFERRABLE INITIALLY IMMEDIATE;
ALTER TABLE negotiation_correction ALTER CONSTRAINT negotiation_correction_negotiation_fk DEFERRABLE INITIALLY IMMEDIATE;
ALTER TABLE negotiation_approval ALTER CONSTRAINT negotiation_approval_negotiation_fk DEFERRABLE INITIALLY IMMEDIATE;

GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON audit_entry_next, negotiation_next, negotiation_round_next,
    negotiation_correction_next, negotiation_approval_next TO "${queryRole}";
