-- The bytes a run removed from storage (a vacuum's reclaimed bytes); null where the commit reports none.
ALTER TABLE sluice_run ADD COLUMN bytes_removed BIGINT;
