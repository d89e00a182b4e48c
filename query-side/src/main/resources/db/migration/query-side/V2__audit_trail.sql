-- The audit trail: one row per ledger event of every aggregate, keyed by its global position, with who acted, in
-- which conversation (correlation) and because of what (causation), when it was recorded and when it happened
-- (business time), and the event itself as JSON. A correction points at the original it corrects.
-- Written by the "audit-trail" processing group (AuditTrailProjection); rows are never updated.
CREATE TABLE audit_entry (
    -- Global position of the event in the ledger (event_store.domain_event_entry.global_index).
    position           bigint        NOT NULL,
    event_id           varchar(36)   NOT NULL,
    relationship_id    uuid          NOT NULL,
    -- Axon's aggregate type (Relationship, Complaint, Negotiation, Contract), its id and the event's sequence in it.
    aggregate_type     varchar(64)   NOT NULL,
    aggregate_id       varchar(64)   NOT NULL,
    sequence_number    bigint        NOT NULL,
    -- The payload class's simple name, e.g. ContactLogged.
    event_type         varchar(100)  NOT NULL,
    -- From the event's metadata: the authenticated user, their roles (sorted, comma separated), conversation, cause.
    actor              varchar(100),
    actor_roles        varchar(200),
    correlation_id     varchar(100),
    causation_id       varchar(100),
    recorded_at        timestamptz   NOT NULL,
    -- When the fact happened, for events that carry their own business time (BusinessTimed); NULL otherwise: such
    -- events happened when they were recorded.
    business_time      timestamptz,
    -- The recorded thing the event is about (contact/<uuid>, complaint/<uuid>, proposal/<uuid>) or NULL.
    subject            varchar(200),
    is_correction      boolean       NOT NULL,
    correction_reason  text,
    -- For a correction: the position of the original, the first non-correction event with the same subject in
    -- the same relationship; NULL if there is none.
    corrects_position  bigint,
    -- The event as LedgerJson writes it.
    payload            jsonb         NOT NULL,
    CONSTRAINT audit_entry_pk PRIMARY KEY (position)
);

-- Every lookup the audit API offers, each ending in position so that keyset pages read the index in order.
CREATE INDEX audit_entry_relationship_idx ON audit_entry (relationship_id, position);
CREATE INDEX audit_entry_aggregate_idx ON audit_entry (aggregate_id, position);
CREATE INDEX audit_entry_actor_idx ON audit_entry (actor, position);
CREATE INDEX audit_entry_event_type_idx ON audit_entry (event_type, position);
CREATE INDEX audit_entry_recorded_at_idx ON audit_entry (recorded_at, position);
-- Business-time filters read an event without a business time at its recorded time.
CREATE INDEX audit_entry_business_time_idx ON audit_entry ((coalesce(business_time, recorded_at)), position);
CREATE INDEX audit_entry_subject_idx ON audit_entry (subject, position) WHERE subject IS NOT NULL;
-- The corrections of the originals on a page, and the projection's look-up of an original.
CREATE INDEX audit_entry_corrects_idx ON audit_entry (corrects_position, position) WHERE corrects_position IS NOT NULL;

GRANT SELECT, INSERT, UPDATE, DELETE ON audit_entry TO "${queryRole}";
