-- A table's own maintenance policy: each column overrides its sluice.maintenance default; null keeps the default.
-- One row per table, written by PUT /api/v1/tables/{name}/maintenance/policy and removed by its DELETE.
CREATE TABLE sluice_maintenance_policy (
    table_name             VARCHAR(300)             NOT NULL PRIMARY KEY,
    auto_compact           BOOLEAN,
    min_files              INTEGER,
    target_file_size       BIGINT,
    auto_vacuum            BOOLEAN,
    vacuum_interval_hours  BIGINT,
    retention_hours        BIGINT,
    updated_at             TIMESTAMP WITH TIME ZONE NOT NULL
);
