-- A request that recorded a person's details keeps its fingerprint (a SHA-256 of the request, name and email
-- included) for the idempotency retention: after the person's erasure it could confirm a guessed name. The person's
-- id marks those rows so that the erasure forgets them in its own transaction (decision 0019). Only those rows are
-- indexed, so the other commands' rows cost no index more.
ALTER TABLE idempotency_key ADD COLUMN person_id uuid;

CREATE INDEX idempotency_key_person_idx ON idempotency_key (aggregate_id, person_id) WHERE person_id IS NOT NULL;

-- The requests remembered before this version: their person from the event they appended.
UPDATE idempotency_key k
SET person_id = (convert_from(e.payload, 'UTF8')::jsonb -> 'person' ->> 'personId')::uuid
FROM domain_event_entry e
WHERE e.aggregate_identifier = k.aggregate_id AND e.sequence_number = k.version
  AND e.payload_type = 'dev.relationshipledger.kernel.relationship.CounterpartyPersonAdded';
