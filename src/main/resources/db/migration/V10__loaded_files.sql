-- Files an incremental files source loaded into a table, one row per file (its latest load): the next run reads only
-- the files not here, and reports those here whose size or modification time changed. sluice_run_file holds what each
-- run chose to read; its rows join sluice_loaded_file in the transaction that records the run SUCCEEDED.
CREATE TABLE sluice_loaded_file (
    table_name  VARCHAR(300)             NOT NULL,
    path        VARCHAR(2000)            NOT NULL,
    size_bytes  BIGINT                   NOT NULL,
    modified_at TIMESTAMP WITH TIME ZONE NOT NULL,
    run_id      VARCHAR(36)              NOT NULL,
    loaded_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (table_name, path)
);
CREATE INDEX sluice_loaded_file_by_run ON sluice_loaded_file (run_id);

CREATE TABLE sluice_run_file (
    run_id      VARCHAR(36)              NOT NULL,
    table_name  VARCHAR(300)             NOT NULL,
    path        VARCHAR(2000)            NOT NULL,
    size_bytes  BIGINT                   NOT NULL,
    modified_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (run_id, path)
);

-- What an incremental files source found: files listed, chosen, already loaded, changed since loaded (JSON).
ALTER TABLE sluice_run ADD COLUMN file_load TEXT;
