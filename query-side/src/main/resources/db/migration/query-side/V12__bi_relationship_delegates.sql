-- Who besides its owner works on each relationship, for BI (docs/bi-views.md): the delegations in force, one row
-- each. A view over read_model.relationship_delegate (V11), so the table may change and this view's columns not.
CREATE VIEW bi.relationship_delegates AS
SELECT relationship_id, delegate
FROM read_model.relationship_delegate;

GRANT SELECT ON bi.relationship_delegates TO "${biRole}";
