-- A request that recorded a person's details keeps its fingerprint (a SHA-256 of the request, name and email
-- included) for the idempotency retention: after the person's erasure it could confirm a guessed name. The person's
-- id marks those rows so that the erasure forgets them in its own transaction (decision 0019). Only those rows are
-- indexed, so the other commands' rows cost no index more.
ALTER TABLE idempotency_key ADD COLUMN person_id uuid;

CREATE INDEX idempotency_key_person_idx ON idempotency_key (aggregate_id, person_id) WHERE person_id IS NOT NULL;
