-- No silent skips, second design (docs/decisions/0007-no-silent-skips.md): readers read only below the read horizon.
-- Replaces V7, which drew positions under one ledger-wide append lock held to commit: correct, but it serialised
-- every append and so gave up group commit (0.15x the raw append rate at 8 connections, 0.08x at 16).
--
-- The problem both designs solve: the query side, the hash chainer and the status rebuild read this table by
-- global_index. When a transaction that drew a lower position commits after higher ones, its event arrives late,
-- below positions a reader has passed: Axon gives such a gap up once the event above it looks older than the gap
-- timeout (AxonFramework#4829, won't fix), and the chainer would have linked past it. So:
--  * an appending transaction, before it draws its first position, registers the last position drawn so far (r)
--    as a shared transaction-scoped advisory lock: every position it draws is above r, and PostgreSQL drops the
--    lock when the transaction commits or rolls back, after its events became visible;
--  * event_store.read_horizon() answers the highest position below which nothing can still commit: the lowest
--    registration still held, or the last position drawn when it was asked, whichever is lower. Readers ask it
--    in one statement and read positions up to it in the next (READ COMMITTED: a snapshot taken after the answer),
--    so every event they read is final and every position below it is either read or never will exist.
-- Appends stay concurrent (commits are grouped); a transaction that stalls holds the readers back, not the writers,
-- until the command side's idle-in-transaction and statement timeouts (command-side.yml) end it.

DROP TRIGGER domain_event_entry_position_in_commit_order ON domain_event_entry;
DROP FUNCTION draw_position_in_commit_order();

CREATE FUNCTION register_and_draw_position() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('ledger.append_registered', true) IS DISTINCT FROM 'yes' THEN
        PERFORM pg_advisory_xact_lock_shared(coalesce(pg_sequence_last_value('event_store.event_global_index_seq'), 0));
        PERFORM set_config('ledger.append_registered', 'yes', true);
    END IF;
    NEW.global_index := nextval('event_store.event_global_index_seq');
    RETURN NEW;
END $$;

-- The column has no default since V7: the trigger draws the position after the registration, whatever the insert said.
CREATE TRIGGER domain_event_entry_register_and_draw_position
    BEFORE INSERT ON domain_event_entry
    FOR EACH ROW EXECUTE FUNCTION register_and_draw_position();

-- Runs as its owner (it reads the sequence, which readers may not), with a fixed search path.
CREATE FUNCTION read_horizon() RETURNS bigint
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
DECLARE
    drawn      bigint;
    registered bigint;
BEGIN
    -- first the last position drawn, then the registrations: a transaction registering after this look draws above it
    drawn := coalesce(pg_sequence_last_value('event_store.event_global_index_seq'), 0);
    SELECT min((l.classid::bigint << 32) | l.objid::bigint) INTO registered
    FROM pg_locks l
    WHERE l.locktype = 'advisory' AND l.objsubid = 1 AND l.granted
      AND l.database = (SELECT d.oid FROM pg_database d WHERE d.datname = current_database())
      AND ((l.classid::bigint << 32) | l.objid::bigint) BETWEEN 0 AND drawn;
    RETURN least(drawn, coalesce(registered, drawn));
END $$;

REVOKE ALL ON FUNCTION read_horizon() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION read_horizon() TO ledger_event_reader, "${commandRole}";

COMMENT ON FUNCTION read_horizon() IS
    'No silent skips: every event at or below this position is final; readers read no further (decision 0007).';
COMMENT ON COLUMN domain_event_entry.global_index IS
    'Position of the event in the whole ledger (tailing order); read only up to read_horizon() (decision 0007).';
