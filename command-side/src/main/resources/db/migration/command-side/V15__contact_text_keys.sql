-- The keys that seal what was said at a contact (decision 0021): one per contact on a relationship, created in the
-- transaction that stores its ContactLogged (or the first correction of a contact logged before sealing), destroyed
-- (secret set to NULL) in the one that stores its ContactTextErased. Same rules as the persons' keys (V13).
CREATE TABLE contact_text_key (
    relationship_id  uuid        NOT NULL,
    contact_id       uuid        NOT NULL,
    secret           bytea,
    created_at       timestamptz NOT NULL DEFAULT now(),
    erased_at        timestamptz,
    CONSTRAINT contact_text_key_pk PRIMARY KEY (relationship_id, contact_id),
    CONSTRAINT contact_text_key_secret_or_erased CHECK ((secret IS NULL) = (erased_at IS NOT NULL)),
    CONSTRAINT contact_text_key_secret_size CHECK (secret IS NULL OR octet_length(secret) = 32)
);

COMMENT ON TABLE contact_text_key IS
    'AES-256 keys of the contacts whose participants, summary and follow-ups the events hold sealed; a NULL secret '
    'is an erasure (decision 0021).';

-- As for a person's key: only created or destroyed, never replaced, brought back, deleted or truncated.
CREATE FUNCTION refuse_contact_key_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF OLD.secret IS NOT NULL AND NEW.secret IS NULL
                AND NEW.relationship_id = OLD.relationship_id AND NEW.contact_id = OLD.contact_id THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'a contact text key is only created or destroyed: % on %.% is refused', TG_OP, TG_TABLE_SCHEMA,
            TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER contact_text_key_only_destroyed
    BEFORE UPDATE OR DELETE ON contact_text_key
    FOR EACH ROW EXECUTE FUNCTION refuse_contact_key_change();

CREATE TRIGGER contact_text_key_no_truncate
    BEFORE TRUNCATE ON contact_text_key
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_contact_key_change();

REVOKE ALL ON contact_text_key FROM PUBLIC;
GRANT SELECT, INSERT ON contact_text_key TO "${commandRole}";
GRANT UPDATE (secret, erased_at) ON contact_text_key TO "${commandRole}";
GRANT SELECT ON contact_text_key TO ledger_personal_data_reader;

-- A request that logged a contact or corrected its summary keeps its fingerprint for the idempotency retention, as
-- one that added a person does (V14): the erasure of the contact's text forgets it. Only those rows are indexed.
ALTER TABLE idempotency_key ADD COLUMN contact_id uuid;

CREATE INDEX idempotency_key_contact_idx ON idempotency_key (aggregate_id, contact_id) WHERE contact_id IS NOT NULL;

UPDATE idempotency_key k
SET contact_id = (convert_from(e.payload, 'UTF8')::jsonb ->> 'contactId')::uuid
FROM domain_event_entry e
WHERE e.aggregate_identifier = k.aggregate_id AND e.sequence_number = k.version
  AND e.payload_type IN ('dev.relationshipledger.kernel.relationship.ContactLogged',
                         'dev.relationshipledger.kernel.relationship.ContactSummaryCorrected');
