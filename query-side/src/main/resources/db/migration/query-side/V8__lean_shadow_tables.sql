-- Every shadow table keeps only the indexes a rebuild itself uses, as the audit trail's has since V7: its key (the
-- switch compares a shadow with its live table through both keys, and the upserts and the read-back of a forgotten
-- negotiation find rows by it) and the approvals' index by negotiation, which that read-back uses. The indexes the
-- read API and the BI views use stay on the live tables, which the switch writes through as before.
--
-- Copying into a shadow paid for each of these on every row: the points' (model, scored_at) index cost more than
-- the points' key, about 1.9 µs a point (docs/measurements.md, nineteenth round).
DROP INDEX reputation_point_next_model_scored_at_idx;

DROP INDEX relationship_status_next_owner_relationship_id_idx;
DROP INDEX relationship_status_next_lower_relationship_id_idx;
DROP INDEX relationship_status_next_reputation_relationship_id_idx;
DROP INDEX relationship_status_next_last_contact_at_relationship_id_idx;

DROP INDEX negotiation_next_opened_at_negotiation_id_idx;
DROP INDEX negotiation_next_relationship_id_opened_at_negotiation_id_idx;
DROP INDEX negotiation_next_status_opened_at_negotiation_id_idx;
DROP INDEX negotiation_round_next_proposal_id_idx;
DROP INDEX negotiation_correction_next_negotiation_id_position_idx;
