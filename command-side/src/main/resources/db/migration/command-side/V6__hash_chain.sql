-- Tamper evidence (docs/decisions/0006-hash-chain.md): a hash chain over every event in global-position order,
-- written after the fact by one chainer, and checkpoints of its head signed by the deployment key. Both tables are
-- append-only like the event table: the database refuses UPDATE, DELETE and TRUNCATE to everyone, and a superuser
-- who disables the triggers is exposed by verification against checkpoints kept outside the database.

-- One row per chained event: link = SHA-256(position, SHA-256(the event's stored columns), previous_link).
CREATE TABLE event_chain (
    position          bigint      NOT NULL,
    event_identifier  varchar(36) NOT NULL,
    link              bytea       NOT NULL,
    previous_link     bytea       NOT NULL,
    linked_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT event_chain_pk PRIMARY KEY (position),
    CONSTRAINT event_chain_link_is_sha256 CHECK (octet_length(link) = 32),
    CONSTRAINT event_chain_previous_link_is_sha256 CHECK (octet_length(previous_link) = 32)
);

COMMENT ON TABLE event_chain IS
    'Hash chain over domain_event_entry in global_index order, linked after commit by one chainer; append-only.';
COMMENT ON COLUMN event_chain.position IS 'global_index of the event this link covers.';

-- The chain's head, signed with the deployment's Ed25519 key (its private half never enters the database).
CREATE TABLE chain_checkpoint (
    id             bigint      GENERATED ALWAYS AS IDENTITY,
    head_position  bigint      NOT NULL,
    head_link      bytea       NOT NULL,
    created_at     timestamptz NOT NULL,
    signature      bytea       NOT NULL,
    key_id         varchar(64) NOT NULL,
    CONSTRAINT chain_checkpoint_pk PRIMARY KEY (id),
    CONSTRAINT chain_checkpoint_head_link_is_sha256 CHECK (octet_length(head_link) = 32)
);
CREATE INDEX chain_checkpoint_head_position_idx ON chain_checkpoint (head_position);

COMMENT ON TABLE chain_checkpoint IS
    'Signed heads of event_chain; export them (ledger.chain.checkpoint-export-dir) where the DBA cannot reach.';

CREATE TRIGGER event_chain_no_update_or_delete
    BEFORE UPDATE OR DELETE ON event_chain
    FOR EACH ROW EXECUTE FUNCTION refuse_event_change();
CREATE TRIGGER event_chain_no_truncate
    BEFORE TRUNCATE ON event_chain
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_event_change();
CREATE TRIGGER chain_checkpoint_no_update_or_delete
    BEFORE UPDATE OR DELETE ON chain_checkpoint
    FOR EACH ROW EXECUTE FUNCTION refuse_event_change();
CREATE TRIGGER chain_checkpoint_no_truncate
    BEFORE TRUNCATE ON chain_checkpoint
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_event_change();

REVOKE ALL ON event_chain, chain_checkpoint FROM PUBLIC;
GRANT SELECT, INSERT ON event_chain, chain_checkpoint TO "${commandRole}";
GRANT SELECT ON event_chain, chain_checkpoint TO ledger_event_reader;
