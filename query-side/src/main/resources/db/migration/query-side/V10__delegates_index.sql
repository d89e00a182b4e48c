-- The relationships a relationship manager was delegated on (their negotiation list, ResponsibleManagers) are found
-- through this index instead of by reading every status row's state. Partial: only rows with delegates have
-- entries, so the status projection's updates of all the others pay nothing for it; the query repeats the
-- predicate so that the planner can use it. Only on the live table: the rebuild's shadow table keeps its key alone
-- (V8), and the switch writes through to this one.
CREATE INDEX relationship_status_delegates_idx ON relationship_status
    USING gin ((state -> 'delegates') jsonb_path_ops)
    WHERE state -> 'delegates' <> '[]'::jsonb;
