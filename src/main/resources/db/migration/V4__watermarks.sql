-- Watermarks: per table and name, the greatest cursor value loaded. A run's advance is written in the
-- transaction that records it SUCCEEDED; the run row keeps the before and after values (for rollback).
-- undone_by: the restore or rollback run that undid this run.
CREATE TABLE sluice_watermark (
    table_name  VARCHAR(300)             NOT NULL,
    name        VARCHAR(128)             NOT NULL,
    column_name VARCHAR(128)             NOT NULL,
    value_text  VARCHAR(4000),
    run_id      VARCHAR(36),
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (table_name, name)
);

ALTER TABLE sluice_run ADD COLUMN watermark_name VARCHAR(128);
ALTER TABLE sluice_run ADD COLUMN watermark_column VARCHAR(128);
ALTER TABLE sluice_run ADD COLUMN watermark_before VARCHAR(4000);
ALTER TABLE sluice_run ADD COLUMN watermark_after VARCHAR(4000);
ALTER TABLE sluice_run ADD COLUMN undone_by VARCHAR(36);
