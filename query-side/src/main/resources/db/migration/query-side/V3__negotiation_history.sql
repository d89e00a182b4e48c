-- Negotiation history (processing group "negotiation-history"): every negotiation with its rounds in order, both
-- sides' terms as made and as corrected, the concession of each round, the mandate check, approvals and outcome.
-- Written by NegotiationHistoryProjection; see docs/read-models/negotiation-history.md.

-- One row per negotiation: the header.
CREATE TABLE negotiation (
    negotiation_id              uuid          NOT NULL,
    relationship_id             uuid          NOT NULL,
    subject                     varchar(200)  NOT NULL,
    -- The mandate as opened (it never changes): limits and approvers.
    mandate                     jsonb         NOT NULL,
    status                      varchar(20)   NOT NULL,
    opened_at                   timestamptz   NOT NULL,  -- recorded time of NegotiationOpened
    opened_by                   varchar(100),
    concluded_at                timestamptz,             -- recorded time of NegotiationConcluded
    concluded_by                varchar(100),
    outcome                     varchar(20),
    agreed_proposal_id          uuid,
    agreed_terms                jsonb,
    conclusion_reason           text,
    rounds                      integer       NOT NULL,
    -- AGREED only: concluded_at minus the earlier of opened_at and the first proposal's made_at.
    time_to_agreement_seconds   bigint,
    -- Global position of the last event of this negotiation applied: the guard that makes re-applying a no-op.
    last_position               bigint        NOT NULL,
    CONSTRAINT negotiation_pk PRIMARY KEY (negotiation_id),
    CONSTRAINT negotiation_status_ck CHECK (status IN ('OPEN', 'AGREED', 'WALKED_AWAY', 'LOST'))
);
CREATE INDEX negotiation_opened_idx ON negotiation (opened_at, negotiation_id);
CREATE INDEX negotiation_relationship_idx ON negotiation (relationship_id, opened_at, negotiation_id);
CREATE INDEX negotiation_status_idx ON negotiation (status, opened_at, negotiation_id);

-- One row per proposal (round): terms as made and as currently corrected, mandate check, approval, concession.
CREATE TABLE negotiation_round (
    negotiation_id                uuid          NOT NULL,
    round                         integer       NOT NULL,
    proposal_id                   uuid          NOT NULL,
    side                          varchar(10)   NOT NULL,
    terms                         jsonb         NOT NULL,  -- as made (ProposalMade)
    current_terms                 jsonb         NOT NULL,  -- after the last correction (= terms when none)
    made_at                       timestamptz   NOT NULL,  -- business time
    recorded_at                   timestamptz   NOT NULL,
    actor                         varchar(100),
    within_mandate                boolean       NOT NULL,  -- the check when made
    breaches                      jsonb         NOT NULL,
    approval_id                   uuid,
    approved_by                   varchar(100),
    approved_at                   timestamptz,
    current_within_mandate        boolean       NOT NULL,  -- the check of current_terms
    current_breaches              jsonb         NOT NULL,
    correction_count              integer       NOT NULL,
    seconds_since_previous_round  bigint,                  -- made_at minus the previous round's made_at
    concession                    jsonb,                   -- null for the first proposal of a side
    position                      bigint        NOT NULL,  -- of the ProposalMade
    updated_position              bigint        NOT NULL,  -- of the last event that changed this row
    CONSTRAINT negotiation_round_pk PRIMARY KEY (negotiation_id, round),
    CONSTRAINT negotiation_round_negotiation_fk FOREIGN KEY (negotiation_id) REFERENCES negotiation (negotiation_id),
    CONSTRAINT negotiation_round_side_ck CHECK (side IN ('OURS', 'THEIRS'))
);
CREATE INDEX negotiation_round_proposal_idx ON negotiation_round (proposal_id);

-- One row per ProposalTermsCorrected, keyed by its global position; the original stays in negotiation_round.
CREATE TABLE negotiation_correction (
    position         bigint        NOT NULL,
    negotiation_id   uuid          NOT NULL,
    proposal_id      uuid          NOT NULL,
    round            integer       NOT NULL,
    side             varchar(10)   NOT NULL,
    previous_terms   jsonb         NOT NULL,
    corrected_terms  jsonb         NOT NULL,
    reason           text          NOT NULL,
    actor            varchar(100),
    recorded_at      timestamptz   NOT NULL,
    within_mandate   boolean       NOT NULL,
    breaches         jsonb         NOT NULL,
    approval_id      uuid,
    approved_by      varchar(100),
    approved_at      timestamptz,
    CONSTRAINT negotiation_correction_pk PRIMARY KEY (position),
    CONSTRAINT negotiation_correction_negotiation_fk FOREIGN KEY (negotiation_id) REFERENCES negotiation (negotiation_id)
);
CREATE INDEX negotiation_correction_negotiation_idx ON negotiation_correction (negotiation_id, position);

-- One row per approval request, with its decision and the proposal (or corrected proposal) that used it.
CREATE TABLE negotiation_approval (
    approval_id          uuid          NOT NULL,
    negotiation_id       uuid          NOT NULL,
    terms                jsonb         NOT NULL,
    breaches             jsonb         NOT NULL,
    justification        text          NOT NULL,
    requested_by         varchar(100)  NOT NULL,
    requested_at         timestamptz   NOT NULL,  -- recorded time of ApprovalRequested
    requested_position   bigint        NOT NULL,
    status               varchar(20)   NOT NULL,
    decided_by           varchar(100),
    decided_at           timestamptz,             -- grantedAt / deniedAt
    comment              text,                    -- the grant's comment or the denial's reason
    used_by_proposal_id  uuid,
    used_by_position     bigint,                  -- the ProposalMade or ProposalTermsCorrected that used it
    last_position        bigint        NOT NULL,
    CONSTRAINT negotiation_approval_pk PRIMARY KEY (approval_id),
    CONSTRAINT negotiation_approval_negotiation_fk FOREIGN KEY (negotiation_id) REFERENCES negotiation (negotiation_id),
    CONSTRAINT negotiation_approval_status_ck CHECK (status IN ('REQUESTED', 'GRANTED', 'DENIED'))
);
CREATE INDEX negotiation_approval_negotiation_idx ON negotiation_approval (negotiation_id, requested_position);

GRANT SELECT, INSERT, UPDATE, DELETE ON negotiation, negotiation_round, negotiation_correction, negotiation_approval
    TO "${queryRole}";
