-- The keys that seal what a complaint says (decision 0022): one per complaint, created in the transaction that
-- stores its ComplaintFiled (or the first later event with text of a complaint filed before sealing), destroyed
-- (secret set to NULL) in the one that stores its ComplaintTextErased. Same rules as the persons' (V13) and the
-- contacts' keys (V15).
CREATE TABLE complaint_text_key (
    relationship_id  uuid        NOT NULL,
    complaint_id     uuid        NOT NULL,
    secret           bytea,
    created_at       timestamptz NOT NULL DEFAULT now(),
    erased_at        timestamptz,
    CONSTRAINT complaint_text_key_pk PRIMARY KEY (relationship_id, complaint_id),
    CONSTRAINT complaint_text_key_secret_or_erased CHECK ((secret IS NULL) = (erased_at IS NOT NULL)),
    CONSTRAINT complaint_text_key_secret_size CHECK (secret IS NULL OR octet_length(secret) = 32)
);

COMMENT ON TABLE complaint_text_key IS
    'AES-256 keys of the complaints whose description, acknowledgement note and resolutions the events hold sealed; '
    'a NULL secret is an erasure (decision 0022).';

-- As for the other keys: only created or destroyed, never replaced, brought back, deleted or truncated.
CREATE FUNCTION refuse_complaint_key_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF OLD.secret IS NOT NULL AND NEW.secret IS NULL
                AND NEW.relationship_id = OLD.relationship_id AND NEW.complaint_id = OLD.complaint_id THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'a complaint text key is only created or destroyed: % on %.% is refused', TG_OP, TG_TABLE_SCHEMA,
            TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER complaint_text_key_only_destroyed
    BEFORE UPDATE OR DELETE ON complaint_text_key
    FOR EACH ROW EXECUTE FUNCTION refuse_complaint_key_change();

CREATE TRIGGER complaint_text_key_no_truncate
    BEFORE TRUNCATE ON complaint_text_key
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_complaint_key_change();

REVOKE ALL ON complaint_text_key FROM PUBLIC;
GRANT SELECT, INSERT ON complaint_text_key TO "${commandRole}";
GRANT UPDATE (secret, erased_at) ON complaint_text_key TO "${commandRole}";
GRANT SELECT ON complaint_text_key TO ledger_personal_data_reader;

-- A request whose event holds a complaint's text (filing, an acknowledgement with a note, a resolution, a correction,
-- which carries the description on) keeps its fingerprint for the idempotency retention, as one that logged a
-- contact does (V15): the erasure of the complaint's text forgets it. The complaint is the aggregate.
ALTER TABLE idempotency_key ADD COLUMN complaint_id uuid;

CREATE INDEX idempotency_key_complaint_idx ON idempotency_key (aggregate_id, complaint_id)
    WHERE complaint_id IS NOT NULL;

UPDATE idempotency_key k
SET complaint_id = e.aggregate_identifier::uuid
FROM domain_event_entry e
WHERE e.aggregate_identifier = k.aggregate_id AND e.sequence_number = k.version
  AND (e.payload_type IN ('dev.relationshipledger.kernel.complaint.ComplaintFiled',
                          'dev.relationshipledger.kernel.complaint.ComplaintResolved',
                          'dev.relationshipledger.kernel.complaint.ComplaintDetailsCorrected')
       OR (e.payload_type = 'dev.relationshipledger.kernel.complaint.ComplaintAcknowledged'
           AND convert_from(e.payload, 'UTF8')::jsonb ->> 'note' IS NOT NULL));
