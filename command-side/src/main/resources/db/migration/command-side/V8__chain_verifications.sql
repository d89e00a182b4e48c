-- Every verification run through the API is remembered, so that its result shows as a metric
-- (ledger_chain_verification_success) and alerts can fire when the chain is found broken.
CREATE TABLE chain_verification (
    id              bigint       GENERATED ALWAYS AS IDENTITY,
    verified_at     timestamptz  NOT NULL DEFAULT now(),
    verified_from   bigint       NOT NULL,
    verified_up_to  bigint       NOT NULL,
    intact          boolean      NOT NULL,
    first_mismatch  bigint,
    problem         text,
    CONSTRAINT chain_verification_pk PRIMARY KEY (id)
);
CREATE INDEX chain_verification_verified_at_idx ON chain_verification (verified_at);

GRANT SELECT, INSERT ON chain_verification TO "${commandRole}";
