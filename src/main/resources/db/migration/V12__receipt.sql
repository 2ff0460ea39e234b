-- Where each source row of a run went (JSON: rowsRead, rowsBelowWatermark, ... , balanced); null for runs before it existed.
ALTER TABLE sluice_run ADD COLUMN receipt TEXT;
