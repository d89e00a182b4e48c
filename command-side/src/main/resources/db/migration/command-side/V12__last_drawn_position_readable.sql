-- Readers may see the last position the ledger has drawn (SELECT on the sequence: its last value; drawing one
-- needs USAGE or UPDATE, which they do not get). A query asked to wait for a position (atLeast) that no command was
-- ever given answers at once, instead of waiting for it in vain and answering "retry" (query side, ReadYourWrites).
GRANT SELECT ON SEQUENCE event_global_index_seq TO ledger_event_reader;
