-- A table's retention: its versions below restorable_from can no longer be restored, since the vacuum run vacuum_run
-- deleted the directories they need (Parquet tables). expired_changes: how many of the table's changes left the ledger
-- with their runs, so that a Parquet change's version stays expired_changes + its position among the changes left.
CREATE TABLE sluice_table_retention (
    table_name      VARCHAR(300)             NOT NULL PRIMARY KEY,
    restorable_from BIGINT,
    vacuum_run      VARCHAR(36),
    expired_changes BIGINT                   NOT NULL DEFAULT 0,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
