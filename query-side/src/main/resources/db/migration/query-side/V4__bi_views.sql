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

REVOKE ALL ON SCHEMA bi FROM PUBLIC;
GRANT USAGE ON SCHEMA bi TO "${biRole}";
GRANT SELECT ON ALL TABLES IN SCHEMA bi TO "${biRole}";
ALTER DEFAULT PRIVILEGES IN SCHEMA bi GRANT SELECT ON TABLES TO "${biRole}";
