-- Counts the write strategies add: rows dropped as duplicate keys, and the partitions a run replaced
-- (a JSON list of {column: value} objects).
ALTER TABLE sluice_run ADD COLUMN rows_dropped_duplicates BIGINT;
ALTER TABLE sluice_run ADD COLUMN partitions_replaced TEXT;
