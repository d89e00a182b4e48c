-- No silent skips (docs/decisions/0007-no-silent-skips.md): positions are drawn in commit order.
--
-- The query side tails this table by global_index with Axon's gap-aware tokens. When a transaction that drew a
-- lower position commits after higher ones, its event arrives late, as a filled gap, and two things go wrong:
--  * Axon gives a gap up once the event above it looks older than the gap timeout, judged by a time_stamp taken
--    before the position was drawn; a late commit is then never read at all (AxonFramework#4829, won't fix);
--  * even when it is read, the token that comes with it reports the highest position read so far, not the
--    event's own, and the projections identify events by that position (audit trail key, last applied position):
--    the late event is taken for one already applied and dropped.
-- Both need a position that becomes visible after a higher one. So the position is drawn only by the transaction
-- that holds the ledger's append lock (a transaction-scoped advisory lock, released at commit or rollback): the
-- transaction that drew position p has committed or rolled back before anyone can draw p + 1, and a reader that
-- sees p + 1 sees p or never will. Appends serialise from their first event to their commit (measured in the
-- decision record); loading aggregates and deciding still run in parallel. A writer that holds the lock too long
-- is cut off by the command side's idle-in-transaction, statement and lock timeouts (command-side.yml), and its
-- client is told (503), never silently dropped.

CREATE FUNCTION draw_position_in_commit_order() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    -- (0x4c45 'LE', 1): the ledger's append lock. Re-entrant within a transaction (commands of several events).
    PERFORM pg_advisory_xact_lock(19525, 1);
    NEW.global_index := nextval('event_store.event_global_index_seq');
    RETURN NEW;
END $$;

-- The default drew the position before any lock; the trigger draws it now, whatever the insert supplied.
ALTER TABLE domain_event_entry ALTER COLUMN global_index DROP DEFAULT;

CREATE TRIGGER domain_event_entry_position_in_commit_order
    BEFORE INSERT ON domain_event_entry
    FOR EACH ROW EXECUTE FUNCTION draw_position_in_commit_order();

COMMENT ON COLUMN domain_event_entry.global_index IS
    'Position of the event in the whole ledger (tailing order), drawn under the append lock: commit order.';
