-- Twenty-sixth round (docs/measurements.md): the audit trail narrowed to a relationship manager's relationships,
-- as IN (subquery) and as = ANY (ARRAY(subquery)). psql -f on a scratch database; drops and creates ae, rs2, rd2.
DROP TABLE IF EXISTS ae, rs2, rd2;
CREATE TABLE rs2 (relationship_id uuid PRIMARY KEY, owner varchar(100) NOT NULL);
CREATE INDEX ON rs2 (owner, relationship_id);
INSERT INTO rs2 SELECT gen_random_uuid(), 'rm' || (i % 200) FROM generate_series(1, 20000) i;
CREATE TABLE rd2 (delegate varchar(100), relationship_id uuid, PRIMARY KEY (delegate, relationship_id));
CREATE TABLE ae (position bigint PRIMARY KEY, relationship_id uuid NOT NULL, actor varchar(100), payload text);
CREATE INDEX ON ae (relationship_id, position);
WITH r AS (SELECT relationship_id, row_number() OVER () AS n FROM rs2)
INSERT INTO ae SELECT g, r.relationship_id, 'x', repeat('y', 200) FROM generate_series(1, 2000000) g JOIN r ON r.n = 1 + (g::bigint * 7919) % 20000;
VACUUM ANALYZE ae; VACUUM ANALYZE rs2; VACUUM ANALYZE rd2;
\timing on
\o /dev/null
-- IN (subquery): rm7 three times, rm7 from a cursor far back, then a user with no relationship
SELECT * FROM ae a WHERE a.relationship_id IN (SELECT relationship_id FROM rs2 WHERE owner = 'rm7' UNION ALL SELECT relationship_id FROM rd2 WHERE delegate = 'rm7') ORDER BY a.position DESC LIMIT 51;
SELECT * FROM ae a WHERE a.relationship_id IN (SELECT relationship_id FROM rs2 WHERE owner = 'rm7' UNION ALL SELECT relationship_id FROM rd2 WHERE delegate = 'rm7') ORDER BY a.position DESC LIMIT 51;
SELECT * FROM ae a WHERE a.relationship_id IN (SELECT relationship_id FROM rs2 WHERE owner = 'rm7' UNION ALL SELECT relationship_id FROM rd2 WHERE delegate = 'rm7') ORDER BY a.position DESC LIMIT 51;
SELECT * FROM ae a WHERE a.relationship_id IN (SELECT relationship_id FROM rs2 WHERE owner = 'rm7' UNION ALL SELECT relationship_id FROM rd2 WHERE delegate = 'rm7') AND a.position < 1000 ORDER BY a.position DESC LIMIT 51;
SELECT * FROM ae a WHERE a.relationship_id IN (SELECT relationship_id FROM rs2 WHERE owner = 'nobody' UNION ALL SELECT relationship_id FROM rd2 WHERE delegate = 'nobody') ORDER BY a.position DESC LIMIT 51;
-- = ANY (ARRAY(subquery)), as committed: rm7 twice, rm7 from a cursor far back, then a user with no relationship
SELECT * FROM ae a WHERE a.relationship_id = ANY (ARRAY(SELECT relationship_id FROM rs2 WHERE owner = 'rm7' UNION ALL SELECT relationship_id FROM rd2 WHERE delegate = 'rm7')) ORDER BY a.position DESC LIMIT 51;
SELECT * FROM ae a WHERE a.relationship_id = ANY (ARRAY(SELECT relationship_id FROM rs2 WHERE owner = 'rm7' UNION ALL SELECT relationship_id FROM rd2 WHERE delegate = 'rm7')) ORDER BY a.position DESC LIMIT 51;
SELECT * FROM ae a WHERE a.relationship_id = ANY (ARRAY(SELECT relationship_id FROM rs2 WHERE owner = 'rm7' UNION ALL SELECT relationship_id FROM rd2 WHERE delegate = 'rm7')) AND a.position < 1000 ORDER BY a.position DESC LIMIT 51;
SELECT * FROM ae a WHERE a.relationship_id = ANY (ARRAY(SELECT relationship_id FROM rs2 WHERE owner = 'nobody' UNION ALL SELECT relationship_id FROM rd2 WHERE delegate = 'nobody')) ORDER BY a.position DESC LIMIT 51;
\o
