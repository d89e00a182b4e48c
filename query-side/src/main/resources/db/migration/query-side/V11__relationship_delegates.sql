-- The relationship managers each relationship is delegated to, one row per delegation in force. A relationship
-- manager's negotiation list and replay access find the relationships delegated to them through this table's key,
-- where they read every status row's state before. The status projection writes it only when a relationship's
-- delegates change: an index over the status row's state would make every status update a non-HOT update writing
-- all that table's indexes (docs/measurements.md, twenty-fourth round).
CREATE TABLE relationship_delegate (
    delegate         varchar(100)  NOT NULL,
    relationship_id  uuid          NOT NULL,
    CONSTRAINT relationship_delegate_pk PRIMARY KEY (delegate, relationship_id)
);
-- A change of delegates replaces the relationship's rows.
CREATE INDEX relationship_delegate_relationship_idx ON relationship_delegate (relationship_id);

-- The rebuild's shadow copy (decision 0009), unlogged like every shadow table (V7), with the same indexes: a rebuild
-- that forgets states replaces rows by relationship too.
CREATE UNLOGGED TABLE relationship_delegate_next (LIKE relationship_delegate INCLUDING ALL);

GRANT SELECT, INSERT, UPDATE, DELETE ON relationship_delegate TO "${queryRole}";
GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON relationship_delegate_next TO "${queryRole}";

-- The delegations the status projection already folded, so an upgraded ledger needs no rebuild (with every query
-- node on this version: an older one folds delegations without writing this table; rebuild the status projection
-- if any kept running).
INSERT INTO relationship_delegate (delegate, relationship_id)
SELECT d.delegate, s.relationship_id
FROM relationship_status s, jsonb_array_elements_text(s.state -> 'delegates') AS d (delegate);
