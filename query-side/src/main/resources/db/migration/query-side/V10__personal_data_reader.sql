-- The query side opens the persons' sealed details with their keys (decision 0019): it reads them through
-- ledger_personal_data_reader, which the command side's V13 grants SELECT on event_store.personal_data_key.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ledger_personal_data_reader') THEN
        CREATE ROLE ledger_personal_data_reader NOLOGIN;
    END IF;
END $$;

GRANT ledger_personal_data_reader TO "${queryRole}";
