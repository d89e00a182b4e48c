-- The command side's own views for contracts, written by subscribing processors in the same transaction as the
-- events they follow; never read by the query side; rebuildable from the events.

-- Concluded negotiations, so that a contract is signed only from one concluded as AGREED on the same relationship,
-- with the agreed terms (LedgerJson of Terms), and at most once (contract_id: the contract signed from it).
CREATE TABLE negotiation_outcome (
    negotiation_id   uuid        NOT NULL,
    relationship_id  uuid        NOT NULL,
    outcome          varchar(16) NOT NULL,
    agreed_terms     jsonb,
    contract_id      uuid,
    CONSTRAINT negotiation_outcome_pk PRIMARY KEY (negotiation_id),
    CONSTRAINT negotiation_outcome_agreed_has_terms CHECK (outcome <> 'AGREED' OR agreed_terms IS NOT NULL)
);

-- Contracts' status and end date, for the scheduled expiry check.
CREATE TABLE contract_directory (
    contract_id      uuid        NOT NULL,
    relationship_id  uuid        NOT NULL,
    ends_on          date        NOT NULL,
    status           varchar(16) NOT NULL,
    CONSTRAINT contract_directory_pk PRIMARY KEY (contract_id),
    CONSTRAINT contract_directory_status_ck CHECK (status IN ('ACTIVE', 'SUSPENDED', 'TERMINATED', 'EXPIRED'))
);
-- The expiry check reads only the contracts still in force.
CREATE INDEX contract_directory_in_force_ends_on_idx ON contract_directory (ends_on, contract_id)
    WHERE status IN ('ACTIVE', 'SUSPENDED');

GRANT SELECT, INSERT, UPDATE ON negotiation_outcome, contract_directory TO "${commandRole}";
