-- A rebuild of the relationship status projection fills these shadow tables from the event store while the live
-- tables keep serving, then copies them over the live ones in one transaction (docs/decisions/0009-rebuild-without-downtime.md).
CREATE TABLE relationship_status_next (LIKE relationship_status INCLUDING ALL);
CREATE TABLE reputation_point_next (LIKE reputation_point INCLUDING ALL);
CREATE TABLE state_checkpoint_next (LIKE state_checkpoint INCLUDING ALL);

-- One row per projection: the state of its last or running rebuild, readable by every query node.
CREATE TABLE projection_rebuild (
    projection     varchar(100)  NOT NULL,
    status         varchar(20)   NOT NULL,   -- RUNNING, SWITCHING, DONE, FAILED
    node           varchar(200)  NOT NULL,
    started_at     timestamptz   NOT NULL,
    finished_at    timestamptz,
    events_total   bigint        NOT NULL,
    events_done    bigint        NOT NULL,
    last_position  bigint        NOT NULL,
    error          text,
    CONSTRAINT projection_rebuild_pk PRIMARY KEY (projection)
);

GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON relationship_status_next, reputation_point_next,
    state_checkpoint_next TO "${queryRole}";
GRANT SELECT, INSERT, UPDATE, DELETE ON projection_rebuild TO "${queryRole}";
