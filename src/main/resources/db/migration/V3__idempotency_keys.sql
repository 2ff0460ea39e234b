-- Idempotency keys: a key names one logical write. The key row points at the key's current attempt;
-- a failed attempt may be retried, and the new attempt links to it through retry_of.
ALTER TABLE sluice_run ADD COLUMN idempotency_key VARCHAR(200);
ALTER TABLE sluice_run ADD COLUMN retry_of VARCHAR(36);

CREATE TABLE sluice_idempotency_key (
    idempotency_key VARCHAR(200)             NOT NULL PRIMARY KEY,
    request_hash    VARCHAR(64)              NOT NULL,
    run_id          VARCHAR(36)              NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX sluice_run_by_key ON sluice_run (idempotency_key);
