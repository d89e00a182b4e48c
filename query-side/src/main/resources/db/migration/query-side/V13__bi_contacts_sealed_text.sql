-- What was said at a contact is sealed with the contact's key from the command side's V15 on (decision 0021), and
-- a view cannot open it: bi.contacts shows a summary only where it is stored in clear text and not erased, and says
-- which it is in a new last column, text_state: 'clear' (recorded before sealing, as its last correction),
-- 'sealed' (the summary or its last correction) or 'erased'. The other
-- columns keep their meaning; participants still counts them (each is sealed on its own). Needs the command side's
-- V15 (start the command side first, as always).
CREATE OR REPLACE VIEW bi.contacts AS
SELECT a.relationship_id,
       (p.payload ->> 'contactId')::uuid AS contact_id,
       p.payload ->> 'channel' AS channel,
       p.payload ->> 'sentiment' AS sentiment,
       (p.payload ->> 'occurredAt')::timestamptz AS occurred_at,
       a.recorded_at,
       a.actor AS recorded_by,
       CASE WHEN k.erased_at IS NULL AND jsonb_typeof(p.payload -> 'summary') = 'string'
            THEN p.payload ->> 'summary' END AS summary_as_logged,
       CASE WHEN k.erased_at IS NOT NULL THEN NULL
            WHEN c.payload IS NOT NULL THEN CASE WHEN jsonb_typeof(c.payload -> 'correctedSummary') = 'string'
                                                 THEN c.payload ->> 'correctedSummary' END
            WHEN jsonb_typeof(p.payload -> 'summary') = 'string' THEN p.payload ->> 'summary' END AS summary,
       jsonb_array_length(p.payload -> 'participants') AS participants,
       a.position,
       CASE WHEN k.erased_at IS NOT NULL THEN 'erased'
            WHEN jsonb_typeof(p.payload -> 'summary') = 'object'
              OR jsonb_typeof(c.payload -> 'correctedSummary') = 'object' THEN 'sealed'
            ELSE 'clear' END AS text_state
FROM read_model.audit_entry a
JOIN event_store.domain_event_entry e ON e.global_index = a.position
CROSS JOIN LATERAL (SELECT convert_from(e.payload, 'UTF8')::jsonb AS payload) p
LEFT JOIN event_store.contact_text_key k
       ON k.relationship_id = a.relationship_id AND k.contact_id = (p.payload ->> 'contactId')::uuid
LEFT JOIN LATERAL (
    SELECT convert_from(ce.payload, 'UTF8')::jsonb AS payload
    FROM read_model.audit_entry x
    JOIN event_store.domain_event_entry ce ON ce.global_index = x.position
    WHERE x.corrects_position = a.position AND x.event_type = 'ContactSummaryCorrected'
    ORDER BY x.position DESC LIMIT 1
) c ON true
WHERE a.event_type = 'ContactLogged';
