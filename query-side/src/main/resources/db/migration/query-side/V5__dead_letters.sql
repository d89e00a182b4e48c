-- Dead letters of the query side's projections (Axon's JdbcSequencedDeadLetterQueue, see docs/readme-operating.md).
-- When a projection fails on an event, that event and every later event of the same sequence (for the status
-- projection: the same relationship) are parked here, in order, while everything else keeps being processed. An
-- operator retries them after a fix (POST /admin/dead-letters/...) or evicts them. Column names are mapped onto
-- Axon's DeadLetterSchema in DeadLetterConfiguration; serialized data is bytea (never large objects), time
-- columns are text in Axon's ISO-8601 format, as Axon writes and parses them.
CREATE TABLE dead_letter_entry (
    dead_letter_id        varchar(255)  NOT NULL,
    processing_group      varchar(255)  NOT NULL,
    -- The sequence the letter belongs to (the relationship id for relationship-status) and its place in it.
    sequence_identifier   varchar(255)  NOT NULL,
    sequence_index        bigint        NOT NULL,
    message_type          varchar(255)  NOT NULL,
    event_identifier      varchar(255)  NOT NULL,
    time_stamp            varchar(255)  NOT NULL,
    payload_type          varchar(255)  NOT NULL,
    payload_revision      varchar(255),
    payload               bytea         NOT NULL,
    meta_data             bytea,
    aggregate_type        varchar(255),
    aggregate_identifier  varchar(255),
    sequence_number       bigint,
    -- The tracking token of the event (its global position), so a retried event is handled as it was first seen.
    token_type            varchar(255),
    token                 bytea,
    enqueued_at           varchar(255)  NOT NULL,
    last_touched          varchar(255),
    processing_started    varchar(255),
    cause_type            varchar(255),
    cause_message         text,
    diagnostics           bytea,
    CONSTRAINT dead_letter_entry_pk PRIMARY KEY (dead_letter_id),
    -- Serves every lookup Axon makes (by group; by group and sequence; the next index of a sequence).
    CONSTRAINT dead_letter_entry_sequence_uk UNIQUE (processing_group, sequence_identifier, sequence_index)
);

COMMENT ON TABLE dead_letter_entry IS
    'Events a projection failed on, and the later events of the same sequence, parked until retried or evicted.';

GRANT SELECT, INSERT, UPDATE, DELETE ON dead_letter_entry TO "${queryRole}";
