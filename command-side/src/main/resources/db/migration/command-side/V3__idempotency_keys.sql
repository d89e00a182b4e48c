-- Answers already given to requests that carried an Idempotency-Key, per user. Written in the transaction that
-- appends the events; rows older than ledger.idempotency.retention are ignored and then deleted.
CREATE TABLE idempotency_key (
    actor            varchar(100) NOT NULL,
    idempotency_key  varchar(100) NOT NULL,
    request_hash     bytea        NOT NULL,
    aggregate_id     varchar(64)  NOT NULL,
    version          bigint       NOT NULL,
    created_at       timestamptz  NOT NULL,
    CONSTRAINT idempotency_key_pk PRIMARY KEY (actor, idempotency_key)
);
CREATE INDEX idempotency_key_created_at_idx ON idempotency_key (created_at);

GRANT SELECT, INSERT, UPDATE, DELETE ON idempotency_key TO "${commandRole}";
