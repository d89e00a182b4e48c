-- The query side's own schema: its token store and its read models. Runs as the schema owner
-- (spring.flyway.user). Events are read from event_store through the ledger_event_reader role.

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${queryRole}') THEN
        EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', '${queryRole}', NULLIF('${queryPassword}', ''));
    END IF;
    -- The command side's migrations grant SELECT on the event table to this role; create it if they have not run yet.
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ledger_event_reader') THEN
        CREATE ROLE ledger_event_reader NOLOGIN;
    END IF;
END $$;

GRANT ledger_event_reader TO "${queryRole}";

-- Axon's token store, bytea tokens; written in the same transaction as the projection rows it guards.
CREATE TABLE token_entry (
    processor_name  varchar(255) NOT NULL,
    segment         integer      NOT NULL,
    token           bytea,
    token_type      varchar(255),
    time_stamp      varchar(40)  NOT NULL,
    owner           varchar(255),
    CONSTRAINT token_entry_pk PRIMARY KEY (processor_name, segment)
);

-- One row per relationship: the fold's state (state, JSON) and the columns the status API filters and sorts on,
-- flattened from it. The status itself depends on the time of the question (dormancy): base_status holds
-- CLOSED, AT_RISK or ACTIVE, and an ACTIVE relationship reads as DORMANT from dormant_from on.
CREATE TABLE relationship_status (
    relationship_id         uuid          NOT NULL,
    counterparty_name       varchar(200)  NOT NULL,
    counterparty_kind       varchar(20)   NOT NULL,
    segment                 varchar(200),
    owner                   varchar(100)  NOT NULL,
    tier                    varchar(20)   NOT NULL,
    base_status             varchar(20)   NOT NULL,
    dormant_from            timestamptz   NOT NULL,
    opened_at               timestamptz   NOT NULL,
    last_contact_at         timestamptz,
    contact_count           integer       NOT NULL,
    open_complaints         integer       NOT NULL,
    live_negotiations       integer       NOT NULL,
    active_contracts        integer       NOT NULL,
    active_contract_value   jsonb         NOT NULL,
    next_renewal_or_expiry  date,
    reputation              numeric(6,2)  NOT NULL,
    reputation_model        varchar(20)   NOT NULL,
    -- Global position of the last event folded in: the guard that makes re-applying an event a no-op.
    last_position           bigint        NOT NULL,
    last_recorded_at        timestamptz   NOT NULL,
    state                   jsonb         NOT NULL,
    CONSTRAINT relationship_status_pk PRIMARY KEY (relationship_id)
);
CREATE INDEX relationship_status_owner_idx ON relationship_status (owner, relationship_id);
CREATE INDEX relationship_status_name_idx ON relationship_status (lower(counterparty_name), relationship_id);
CREATE INDEX relationship_status_reputation_idx ON relationship_status (reputation, relationship_id);
CREATE INDEX relationship_status_last_contact_idx ON relationship_status (last_contact_at, relationship_id);

-- The one SQL form of StatusRules.statusAt: an ACTIVE relationship reads as DORMANT from dormant_from on. Used by
-- the status API's filters and by the BI views, so both answer the same.
CREATE FUNCTION relationship_status_at(base_status varchar, dormant_from timestamptz, at timestamptz)
    RETURNS varchar LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN base_status = 'ACTIVE' AND dormant_from <= at THEN 'DORMANT' ELSE base_status END
$$;

-- The reputation timeline: one point per change, with the event (position) and the model rule that explain it.
CREATE TABLE reputation_point (
    relationship_id  uuid          NOT NULL,
    position         bigint        NOT NULL,
    model            varchar(20)   NOT NULL,
    event_type       varchar(100)  NOT NULL,
    score_before     numeric(8,4)  NOT NULL,
    score_after      numeric(8,4)  NOT NULL,
    points           numeric(8,4)  NOT NULL,
    rule             varchar(100)  NOT NULL,
    scored_at        timestamptz   NOT NULL,
    CONSTRAINT reputation_point_pk PRIMARY KEY (relationship_id, position, model)
);
CREATE INDEX reputation_point_model_time_idx ON reputation_point (model, scored_at);

GRANT USAGE ON SCHEMA read_model TO "${queryRole}";
GRANT SELECT, INSERT, UPDATE, DELETE ON token_entry, relationship_status, reputation_point TO "${queryRole}";

-- Folded states every ledger.time-travel.checkpoint-every events of a relationship, so that time travel never
-- folds more than that many events (docs/time-travel.md). Written by the status projection; rebuilt with it.
CREATE TABLE state_checkpoint (
    relationship_id        uuid         NOT NULL,
    position               bigint       NOT NULL,
    last_recorded_at       timestamptz  NOT NULL,
    latest_effective_time  timestamptz  NOT NULL,
    state                  jsonb        NOT NULL,
    CONSTRAINT state_checkpoint_pk PRIMARY KEY (relationship_id, position)
);

GRANT SELECT, INSERT, UPDATE, DELETE ON state_checkpoint TO "${queryRole}";
