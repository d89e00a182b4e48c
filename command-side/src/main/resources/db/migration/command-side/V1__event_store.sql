-- The event store: Axon's JDBC layout with bytea payloads, a dedicated global-index sequence and the database
-- itself refusing any change to a recorded event. Runs as the schema owner (spring.flyway.user).

-- Logins and group roles. Created only when absent, so a DBA may pre-create them with their own passwords.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${commandRole}') THEN
        EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', '${commandRole}', NULLIF('${commandPassword}', ''));
    END IF;
    -- Every reader of events (the query side, the verifier) is granted this role rather than the table itself.
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ledger_event_reader') THEN
        CREATE ROLE ledger_event_reader NOLOGIN;
    END IF;
END $$;

-- One position per event, handed out one at a time: no per-node caches that interleave positions across nodes.
CREATE SEQUENCE event_global_index_seq AS bigint START WITH 1 INCREMENT BY 1 CACHE 1 NO CYCLE;

CREATE TABLE domain_event_entry (
    global_index          bigint       NOT NULL DEFAULT nextval('event_global_index_seq'),
    event_identifier      varchar(36)  NOT NULL,
    aggregate_identifier  varchar(64)  NOT NULL,
    sequence_number       bigint       NOT NULL,
    type                  varchar(64),
    time_stamp            varchar(40)  NOT NULL,
    payload_type          varchar(255) NOT NULL,
    payload_revision      varchar(16),
    payload               bytea        NOT NULL,
    meta_data             bytea,
    CONSTRAINT domain_event_entry_pk PRIMARY KEY (global_index),
    CONSTRAINT domain_event_entry_event_identifier_uk UNIQUE (event_identifier),
    -- Aggregate loads read by (aggregate, sequence); a second writer of the same sequence loses here (409).
    CONSTRAINT domain_event_entry_aggregate_sequence_uk UNIQUE (aggregate_identifier, sequence_number)
);
ALTER SEQUENCE event_global_index_seq OWNED BY domain_event_entry.global_index;

COMMENT ON TABLE domain_event_entry IS
    'Append-only ledger of every event; UPDATE, DELETE and TRUNCATE are refused by triggers and by privileges.';
COMMENT ON COLUMN domain_event_entry.global_index IS 'Position of the event in the whole ledger (tailing order).';
COMMENT ON COLUMN domain_event_entry.time_stamp IS 'Recorded time, ISO-8601 UTC, set by the command side.';
COMMENT ON COLUMN domain_event_entry.payload IS 'The event as JSON (UTF-8 bytes), see docs/event-catalogue.md.';
COMMENT ON COLUMN domain_event_entry.meta_data IS 'Actor, roles, correlation and causation ids as JSON.';

-- Snapshots are a cache of folded state: they may be replaced, so they are not append-only.
CREATE TABLE snapshot_event_entry (
    aggregate_identifier  varchar(64)  NOT NULL,
    sequence_number       bigint       NOT NULL,
    type                  varchar(64)  NOT NULL,
    event_identifier      varchar(36)  NOT NULL,
    time_stamp            varchar(40)  NOT NULL,
    payload_type          varchar(255) NOT NULL,
    payload_revision      varchar(16),
    payload               bytea        NOT NULL,
    meta_data             bytea,
    CONSTRAINT snapshot_event_entry_pk PRIMARY KEY (aggregate_identifier, sequence_number),
    CONSTRAINT snapshot_event_entry_event_identifier_uk UNIQUE (event_identifier)
);

-- The database refuses to change history, whoever asks (short of a superuser disabling the trigger, which the
-- hash chain then exposes).
CREATE FUNCTION refuse_event_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the event store is append-only: % on %.% is refused', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'record a correction event instead of changing a recorded one';
END $$;

CREATE TRIGGER domain_event_entry_no_update_or_delete
    BEFORE UPDATE OR DELETE ON domain_event_entry
    FOR EACH ROW EXECUTE FUNCTION refuse_event_change();

CREATE TRIGGER domain_event_entry_no_truncate
    BEFORE TRUNCATE ON domain_event_entry
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_event_change();

-- Privileges: the command side appends and reads; readers read. Nobody but the owner holds more.
REVOKE ALL ON domain_event_entry, snapshot_event_entry FROM PUBLIC;
GRANT USAGE ON SCHEMA event_store TO "${commandRole}", ledger_event_reader;
GRANT SELECT, INSERT ON domain_event_entry TO "${commandRole}";
GRANT USAGE ON SEQUENCE event_global_index_seq TO "${commandRole}";
GRANT SELECT, INSERT, DELETE ON snapshot_event_entry TO "${commandRole}";
GRANT SELECT ON domain_event_entry TO ledger_event_reader;
