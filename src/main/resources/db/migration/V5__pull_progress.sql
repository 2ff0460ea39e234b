-- An http source's pull: requests done / no data / skipped / failed / remaining and what was staged, as
-- JSON; updated while the run runs (so GET /runs/{id} shows progress) and final when it ends.
ALTER TABLE sluice_run ADD COLUMN pull_stats TEXT;
