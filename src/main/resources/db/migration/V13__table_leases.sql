-- Per-table leases for several replicas: the table's one writer cluster-wide (holder) until expires_at, and a fencing
-- token that grows with every acquisition and is never reset, so a commit can tell whether its lease is still the latest.
-- A released lease keeps its row (expired), so that the next token still grows.
CREATE TABLE sluice_table_lease (
    table_name VARCHAR(300)             NOT NULL PRIMARY KEY,
    holder     VARCHAR(200)             NOT NULL,
    token      BIGINT                   NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);
