-- A table's own expectations (a JSON list of {name, rule, action}) and where its quarantined rows go (null: the default).
CREATE TABLE sluice_table_expectations (
    table_name       VARCHAR(300)             NOT NULL PRIMARY KEY,
    rules            TEXT                     NOT NULL,
    quarantine_table VARCHAR(300),
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL
);

-- What a run's expectations counted (JSON), and the quarantine table it writes to, recorded before it does, so that a restart
-- after a crash between the quarantine's commit and the table's can take the quarantined rows out again.
ALTER TABLE sluice_run ADD COLUMN expectations TEXT;
ALTER TABLE sluice_run ADD COLUMN quarantine_table VARCHAR(300);
