-- The keys that seal a person's details in the events (decision 0019): one per person on a relationship, created in
-- the transaction that stores the person's CounterpartyPersonAdded, destroyed (secret set to NULL) in the one that
-- stores their CounterpartyPersonErased. The row stays as the record that the key existed and when it was destroyed.
-- Kept apart from the events so that archives of the event store can leave it out (docs/decisions/0019).

-- Readers that show a person's details (the query side) are granted this role; the chain verifier and BI are not.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ledger_personal_data_reader') THEN
        CREATE ROLE ledger_personal_data_reader NOLOGIN;
    END IF;
END $$;

CREATE TABLE personal_data_key (
    relationship_id  uuid        NOT NULL,
    person_id        uuid        NOT NULL,
    secret           bytea,
    created_at       timestamptz NOT NULL DEFAULT now(),
    erased_at        timestamptz,
    CONSTRAINT personal_data_key_pk PRIMARY KEY (relationship_id, person_id),
    CONSTRAINT personal_data_key_secret_or_erased CHECK ((secret IS NULL) = (erased_at IS NOT NULL)),
    CONSTRAINT personal_data_key_secret_size CHECK (secret IS NULL OR octet_length(secret) = 32)
);

COMMENT ON TABLE personal_data_key IS
    'AES-256 keys of the persons whose details the events hold sealed; a NULL secret is an erasure (decision 0019).';

-- A key is only ever created or destroyed: never replaced, never brought back, and its row never deleted or
-- truncated (a new key under an erased person's id would let their details be recorded again under it; the owner
-- could still disable the triggers, as for the event table).
CREATE FUNCTION refuse_key_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF OLD.secret IS NOT NULL AND NEW.secret IS NULL
                AND NEW.relationship_id = OLD.relationship_id AND NEW.person_id = OLD.person_id THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'a personal data key is only created or destroyed: % on %.% is refused', TG_OP, TG_TABLE_SCHEMA,
            TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER personal_data_key_only_destroyed
    BEFORE UPDATE OR DELETE ON personal_data_key
    FOR EACH ROW EXECUTE FUNCTION refuse_key_change();

CREATE TRIGGER personal_data_key_no_truncate
    BEFORE TRUNCATE ON personal_data_key
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_key_change();

REVOKE ALL ON personal_data_key FROM PUBLIC;
GRANT SELECT, INSERT ON personal_data_key TO "${commandRole}";
GRANT UPDATE (secret, erased_at) ON personal_data_key TO "${commandRole}";
GRANT SELECT ON personal_data_key TO ledger_personal_data_reader;
