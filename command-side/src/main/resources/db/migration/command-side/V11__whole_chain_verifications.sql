-- Whether a recorded verification covered the whole chain (no from, no to) or a range. The command side verifies
-- the whole chain itself once the last whole verification is older than ledger.chain.verify-every; a compliance
-- officer's check of a range must not put that off. Rows recorded before are counted as ranges, so the first
-- scheduled check after this migration verifies the whole chain.
ALTER TABLE chain_verification ADD COLUMN whole boolean NOT NULL DEFAULT false;
CREATE INDEX chain_verification_whole_verified_at_idx ON chain_verification (verified_at) WHERE whole;
