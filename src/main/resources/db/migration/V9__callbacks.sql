-- A run's completion callback (its URL, and how delivery ended: NULL while pending, DELIVERED or FAILED once no attempt
-- is left) and every attempt to POST the run's document to it. A restart resumes the pending ones of ended runs.
CREATE TABLE sluice_callback (
    run_id     VARCHAR(36)   NOT NULL PRIMARY KEY,
    url        VARCHAR(2000) NOT NULL,
    outcome    VARCHAR(16)
);

CREATE TABLE sluice_callback_attempt (
    run_id      VARCHAR(36)              NOT NULL,
    attempt     INTEGER                  NOT NULL,
    at          TIMESTAMP WITH TIME ZONE NOT NULL,
    status_code INTEGER,
    error       VARCHAR(2000),
    PRIMARY KEY (run_id, attempt)
);

CREATE INDEX sluice_callback_pending ON sluice_callback (outcome);
