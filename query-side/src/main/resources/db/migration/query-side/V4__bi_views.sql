-- The BI schema: stable, documented views over the read models (docs/bi-views.md) and a read-only login that can
-- select from them and from nothing else. Views are the contract with BI tools: the tables behind them may change,
-- the views' columns do not (new columns may be added at the end).

CREATE SCHEMA IF NOT EXISTS bi;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${biRole}') THEN
        EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', '${biRole}', NULLIF('${biPassword}', ''));
    END IF;
END $$;

CREATE VIEW bi.relationships AS
SELECT relationship_id,
       counterparty_name,
       counterparty_kind,
       segment,
       owner,
       tier,
       read_model.relationship_status_at(base_status, dormant_from, now()) AS status,
       opened_at,
       last_contact_at,
       contact_count,
       open_complaints,
       live_negotiations,
       active_contracts,
       next_renewal_or_expiry,
       reputation,
       reputation_model,
       last_recorded_at
FROM read_model.relationship_status;

CREATE VIEW bi.active_contract_values AS
SELECT s.relationship_id, v.key AS currency, v.value::numeric AS active_value
FROM read_model.relationship_status s, jsonb_each_text(s.active_contract_value) v;

CREATE VIEW bi.complaints AS
SELECT s.relationship_id,
       c.key::uuid AS complaint_id,
       c.value ->> 'category' AS category,
       c.value ->> 'severity' AS severity,
       c.value ->> 'status' AS status,
       (c.value ->> 'filedAt')::timestamptz AS filed_at,
       (c.value ->> 'closedAt')::timestamptz AS closed_at
FROM read_model.relationship_status s, jsonb_each(s.state -> 'complaints') c;

CREATE VIEW bi.contracts AS
SELECT s.relationship_id,
       c.key::uuid AS contract_id,
       c.value ->> 'title' AS title,
       c.value ->> 'status' AS status,
       (c.value ->> 'value')::numeric AS value,
       c.value ->> 'currency' AS currency,
       (c.value ->> 'startsOn')::date AS starts_on,
       (c.value ->> 'endsOn')::date AS ends_on
FROM read_model.relationship_status s, jsonb_each(s.state -> 'contracts') c;

CREATE VIEW bi.reputation_points AS
SELECT relationship_id, position, model, event_type, score_before, score_after, points, rule, scored_at
FROM read_model.reputation_point;

CREATE VIEW bi.audit_events AS
SELECT position, event_id, relationship_id, aggregate_type, aggregate_id, sequence_number, event_type, actor,
       actor_roles, correlation_id, causation_id, recorded_at, business_time, subject, is_correction,
       correction_reason, corrects_position
FROM read_model.audit_entry;

-- Contacts with their summary as last corrected beside the summary as logged.
CREATE VIEW bi.contacts AS
SELECT a.relationship_id,
       (a.payload ->> 'contactId')::uuid AS contact_id,
       a.payload ->> 'channel' AS channel,
       a.payload ->> 'sentiment' AS sentiment,
       (a.payload ->> 'occurredAt')::timestamptz AS occurred_at,
       a.recorded_at,
       a.actor AS recorded_by,
       a.payload ->> 'summary' AS summary_as_logged,
       coalesce(c.payload ->> 'correctedSummary', a.payload ->> 'summary') AS summary,
       jsonb_array_length(a.payload -> 'participants') AS participants,
       a.position
FROM read_model.audit_entry a
LEFT JOIN LATERAL (
    SELECT x.payload FROM read_model.audit_entry x
    WHERE x.corrects_position = a.position AND x.event_type = 'ContactSummaryCorrected'
    ORDER BY x.position DESC LIMIT 1
) c ON true
WHERE a.event_type = 'ContactLogged';

CREATE VIEW bi.negotiations AS
SELECT negotiation_id, relationship_id, subject, status, opened_at, concluded_at, outcome, rounds,
       time_to_agreement_seconds
FROM read_model.negotiation;

CREATE VIEW bi.negotiation_rounds AS
SELECT r.negotiation_id,
       n.relationship_id,
       r.round,
       r.side,
       (r.current_terms -> 'price' ->> 'amount')::numeric AS price,
       r.current_terms -> 'price' ->> 'currency' AS currency,
       (r.current_terms ->> 'quantity')::numeric AS quantity,
       (r.current_terms ->> 'durationMonths')::integer AS duration_months,
       (r.current_terms ->> 'paymentTermsDays')::integer AS payment_terms_days,
       (r.current_terms ->> 'discountPercent')::numeric AS discount_percent,
       r.made_at,
       r.recorded_at,
       r.actor,
       r.within_mandate,
       r.current_within_mandate,
       r.approved_by,
       r.approved_at,
       r.correction_count,
       r.seconds_since_previous_round,
       r.concession
FROM read_model.negotiation_round r
JOIN read_model.negotiation n ON n.negotiation_id = r.negotiation_id;

REVOKE ALL ON SCHEMA bi FROM PUBLIC;
GRANT USAGE ON SCHEMA bi TO "${biRole}";
GRANT SELECT ON ALL TABLES IN SCHEMA bi TO "${biRole}";
ALTER DEFAULT PRIVILEGES IN SCHEMA bi GRANT SELECT ON TABLES TO "${biRole}";
