-- The audit trail no longer keeps a copy of each event's payload: it shows the payload the event store holds, the
-- bytes the hash chain covers, joined by position (docs/decisions/0017-audit-payload-from-the-event-store.md).
-- The copy doubled the trail's size, cost every append a jsonb parse and every rebuild a second write of each event.
--
-- bi.contacts reads the contacts' payloads from the event store instead; its columns stay as they were. The view
-- runs with its owner's rights, so the BI login still needs nothing beyond the bi schema.
CREATE OR REPLACE VIEW bi.contacts AS
SELECT a.relationship_id,
       (p.payload ->> 'contactId')::uuid AS contact_id,
       p.payload ->> 'channel' AS channel,
       p.payload ->> 'sentiment' AS sentiment,
       (p.payload ->> 'occurredAt')::timestamptz AS occurred_at,
       a.recorded_at,
       a.actor AS recorded_by,
       p.payload ->> 'summary' AS summary_as_logged,
       coalesce(c.payload ->> 'correctedSummary', p.payload ->> 'summary') AS summary,
       jsonb_array_length(p.payload -> 'participants') AS participants,
       a.position
FROM read_model.audit_entry a
JOIN event_store.domain_event_entry e ON e.global_index = a.position
CROSS JOIN LATERAL (SELECT convert_from(e.payload, 'UTF8')::jsonb AS payload) p
LEFT JOIN LATERAL (
    SELECT convert_from(ce.payload, 'UTF8')::jsonb AS payload
    FROM read_model.audit_entry x
    JOIN event_store.domain_event_entry ce ON ce.global_index = x.position
    WHERE x.corrects_position = a.position AND x.event_type = 'ContactSummaryCorrected'
    ORDER BY x.position DESC LIMIT 1
) c ON true
WHERE a.event_type = 'ContactLogged';

-- Dropping a column does not rewrite the table: rows written before keep their payload's bytes on disk until they
-- are rewritten (VACUUM FULL read_model.audit_entry, in a maintenance window, gives the space back at once).
ALTER TABLE audit_entry DROP COLUMN payload;
ALTER TABLE audit_entry_next DROP COLUMN payload;
