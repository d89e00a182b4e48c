-- Twenty-sixth round (docs/measurements.md): the negotiation list's relationships, by the status state's delegates
-- against the delegate table. psql -f on a scratch PostgreSQL database; drops and creates tables rs, rd and neg.
DROP TABLE IF EXISTS rs, rd, neg;
CREATE TABLE rs (relationship_id uuid PRIMARY KEY, owner varchar(100) NOT NULL, state jsonb NOT NULL) WITH (fillfactor=70);
CREATE INDEX ON rs (owner, relationship_id);
INSERT INTO rs SELECT gen_random_uuid(), 'rm' || (i % 200),
  jsonb_build_object('delegates', CASE WHEN i % 20 = 0 THEN jsonb_build_array('rm' || ((i+7) % 200)) ELSE '[]'::jsonb END,
                     'filler', repeat('x', 1000))
FROM generate_series(1, 200000) i;
CREATE TABLE rd (delegate varchar(100), relationship_id uuid, PRIMARY KEY (delegate, relationship_id));
CREATE INDEX ON rd (relationship_id);
INSERT INTO rd SELECT d, relationship_id FROM rs, jsonb_array_elements_text(state->'delegates') d;
CREATE TABLE neg (negotiation_id uuid PRIMARY KEY, relationship_id uuid, opened_at timestamptz);
CREATE INDEX ON neg (opened_at, negotiation_id);
INSERT INTO neg SELECT gen_random_uuid(), relationship_id, now() - (random() * interval '700 days') FROM rs, generate_series(1,2);
VACUUM ANALYZE rs; VACUUM ANALYZE rd; VACUUM ANALYZE neg;
\timing on
CREATE INDEX neg_rel ON neg (relationship_id, opened_at, negotiation_id);
VACUUM ANALYZE rs; VACUUM ANALYZE rd; VACUUM ANALYZE neg;
\o /dev/null
SELECT n.* FROM neg n WHERE relationship_id IN (SELECT s.relationship_id FROM rs s WHERE (s.owner = 'rm7' OR s.state -> 'delegates' @> jsonb_build_array('rm7'::text))) ORDER BY opened_at DESC, negotiation_id DESC LIMIT 51;
SELECT n.* FROM neg n WHERE relationship_id IN (SELECT s.relationship_id FROM rs s WHERE (s.owner = 'rm7' OR s.state -> 'delegates' @> jsonb_build_array('rm7'::text))) ORDER BY opened_at DESC, negotiation_id DESC LIMIT 51;
SELECT n.* FROM neg n WHERE relationship_id IN (SELECT s.relationship_id FROM rs s WHERE (s.owner = 'rm7' OR s.state -> 'delegates' @> jsonb_build_array('rm7'::text))) ORDER BY opened_at DESC, negotiation_id DESC LIMIT 51;
SELECT n.* FROM neg n WHERE relationship_id IN (SELECT relationship_id FROM rs WHERE owner = 'rm7' UNION ALL SELECT relationship_id FROM rd WHERE delegate = 'rm7') ORDER BY opened_at DESC, negotiation_id DESC LIMIT 51;
SELECT n.* FROM neg n WHERE relationship_id IN (SELECT relationship_id FROM rs WHERE owner = 'rm7' UNION ALL SELECT relationship_id FROM rd WHERE delegate = 'rm7') ORDER BY opened_at DESC, negotiation_id DESC LIMIT 51;
SELECT n.* FROM neg n WHERE relationship_id IN (SELECT relationship_id FROM rs WHERE owner = 'rm7' UNION ALL SELECT relationship_id FROM rd WHERE delegate = 'rm7') ORDER BY opened_at DESC, negotiation_id DESC LIMIT 51;
-- as committed: the ids as an array (ResponsibleManagers.responsibleFor)
SELECT n.* FROM neg n WHERE relationship_id = ANY (ARRAY(SELECT relationship_id FROM rs WHERE owner = 'rm7' UNION ALL SELECT relationship_id FROM rd WHERE delegate = 'rm7')) ORDER BY opened_at DESC, negotiation_id DESC LIMIT 51;
SELECT n.* FROM neg n WHERE relationship_id = ANY (ARRAY(SELECT relationship_id FROM rs WHERE owner = 'rm7' UNION ALL SELECT relationship_id FROM rd WHERE delegate = 'rm7')) ORDER BY opened_at DESC, negotiation_id DESC LIMIT 51;
SELECT n.* FROM neg n WHERE relationship_id = ANY (ARRAY(SELECT relationship_id FROM rs WHERE owner = 'rm7' UNION ALL SELECT relationship_id FROM rd WHERE delegate = 'rm7')) ORDER BY opened_at DESC, negotiation_id DESC LIMIT 51;
-- a user with no relationship, both forms
SELECT n.* FROM neg n WHERE relationship_id IN (SELECT relationship_id FROM rs WHERE owner = 'nobody' UNION ALL SELECT relationship_id FROM rd WHERE delegate = 'nobody') ORDER BY opened_at DESC, negotiation_id DESC LIMIT 51;
SELECT n.* FROM neg n WHERE relationship_id = ANY (ARRAY(SELECT relationship_id FROM rs WHERE owner = 'nobody' UNION ALL SELECT relationship_id FROM rd WHERE delegate = 'nobody')) ORDER BY opened_at DESC, negotiation_id DESC LIMIT 51;
\o
SELECT count(*) FROM (SELECT relationship_id FROM rs WHERE owner = 'rm7' UNION ALL SELECT relationship_id FROM rd WHERE delegate = 'rm7') x;
SELECT count(*) FROM rs s WHERE (s.owner = 'rm7' OR s.state -> 'delegates' @> jsonb_build_array('rm7'::text));
