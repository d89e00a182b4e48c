-- The relationship aggregate drops a new owner from its delegates (OwnerReassigned); the directory kept them, so
-- once ownership moved on again they could still record on the relationship's complaints, negotiations and
-- contracts. The handler now drops them too; this brings rows written before into line with the events: a delegate
-- stays only if no reassignment to them came after their last delegation.
UPDATE relationship_directory r
SET delegates = ARRAY(
    SELECT d FROM unnest(r.delegates) AS d
    WHERE NOT EXISTS (
        SELECT 1 FROM domain_event_entry o
        WHERE o.aggregate_identifier = r.relationship_id::text
          AND o.payload_type = 'dev.relationshipledger.kernel.relationship.OwnerReassigned'
          AND convert_from(o.payload, 'UTF8')::jsonb ->> 'newOwner' = d
          AND NOT EXISTS (
              SELECT 1 FROM domain_event_entry a
              WHERE a.aggregate_identifier = o.aggregate_identifier
                AND a.sequence_number > o.sequence_number
                AND a.payload_type = 'dev.relationshipledger.kernel.relationship.AccessDelegated'
                AND convert_from(a.payload, 'UTF8')::jsonb ->> 'delegate' = d)))
WHERE cardinality(r.delegates) > 0;
