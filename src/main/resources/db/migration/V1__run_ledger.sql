-- The run ledger: one row per run. Column names follow Spring Batch / Genie (created_at, started_at,
-- finished_at, last_updated, version, status, exit_code, exit_message); row counts are copied from
-- the table format's own commit metrics. Portable between H2 and PostgreSQL.
CREATE TABLE sluice_run (
    id                   VARCHAR(36)              NOT NULL PRIMARY KEY,
    table_name           VARCHAR(300)             NOT NULL,
    strategy             VARCHAR(32)              NOT NULL,
    table_format         VARCHAR(16)              NOT NULL,
    partition_by         VARCHAR(4000)            NOT NULL,
    status               VARCHAR(16)              NOT NULL,
    source_type          VARCHAR(32)              NOT NULL,
    source_summary       VARCHAR(2000)            NOT NULL,
    request_json         TEXT                     NOT NULL,
    created_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at           TIMESTAMP WITH TIME ZONE,
    finished_at          TIMESTAMP WITH TIME ZONE,
    last_updated         TIMESTAMP WITH TIME ZONE NOT NULL,
    version              INTEGER                  NOT NULL,
    cancel_requested     BOOLEAN                  NOT NULL,
    table_version_before BIGINT,
    table_version_after  BIGINT,
    rows_output          BIGINT,
    rows_inserted        BIGINT,
    rows_updated         BIGINT,
    rows_deleted         BIGINT,
    files_added          BIGINT,
    files_removed        BIGINT,
    bytes_added          BIGINT,
    exit_code            VARCHAR(64),
    exit_message         VARCHAR(4000),
    engine_condition     VARCHAR(200)
);

CREATE INDEX sluice_run_by_created ON sluice_run (created_at);
CREATE INDEX sluice_run_by_table ON sluice_run (table_name, created_at);
CREATE INDEX sluice_run_by_status ON sluice_run (status, created_at);
