package io.sluice.run.api;

/** Request examples for Swagger UI, one per source type at least: the inline ones run as they are on a fresh start. */
final class RunExamples {

    static final String INLINE_APPEND = """
            {"table": "demo.events", "strategy": "append", "format": "delta", "partitionBy": ["event_date"],
             "source": {"type": "inline", "schema": "id BIGINT, name STRING, event_date DATE",
                        "rows": [{"id": 1, "name": "a", "event_date": "2024-08-01"},
                                 {"id": 2, "name": "b", "event_date": "2024-08-02"}]}}""";

    static final String INLINE_UNPARTITIONED = """
            {"table": "demo.customers", "strategy": "append",
             "source": {"type": "inline", "schema": "customer_id BIGINT, email STRING, signed_up TIMESTAMP",
                        "rows": [{"customer_id": 10, "email": "ada@example.com", "signed_up": "2024-08-01T09:30:00Z"}]}}""";

    static final String MERGE = """
            {"table": "demo.customers", "strategy": "merge", "keys": ["customer_id"],
             "source": {"type": "inline", "schema": "customer_id BIGINT, email STRING, signed_up TIMESTAMP",
                        "rows": [{"customer_id": 10, "email": "ada@lovelace.org", "signed_up": "2024-08-01T09:30:00Z"},
                                 {"customer_id": 11, "email": "grace@example.com", "signed_up": "2024-08-02T14:00:00Z"}]}}""";

    static final String APPLY_CHANGES = """
            {"table": "demo.accounts", "strategy": "apply_changes", "keys": ["account_id"], "sequenceBy": ["seq"],
             "deleteWhen": "op = 'D'", "exceptColumns": ["op"],
             "source": {"type": "inline", "schema": "account_id BIGINT, email STRING, op STRING, seq BIGINT",
                        "rows": [{"account_id": 1, "email": "ada@example.com", "op": "I", "seq": 1},
                                 {"account_id": 1, "email": "ada@lovelace.org", "op": "U", "seq": 3},
                                 {"account_id": 2, "email": "grace@example.com", "op": "I", "seq": 2},
                                 {"account_id": 2, "email": null, "op": "D", "seq": 4}]}}""";

    static final String APPLY_CHANGES_HISTORY = """
            {"table": "demo.account_history", "strategy": "apply_changes", "keys": ["account_id"], "sequenceBy": ["seq"],
             "deleteWhen": "op = 'D'", "exceptColumns": ["op"], "history": true,
             "source": {"type": "inline", "schema": "account_id BIGINT, email STRING, op STRING, seq BIGINT",
                        "rows": [{"account_id": 1, "email": "ada@example.com", "op": "I", "seq": 1},
                                 {"account_id": 1, "email": "ada@lovelace.org", "op": "U", "seq": 3},
                                 {"account_id": 1, "email": null, "op": "D", "seq": 5}]}}""";

    static final String DYNAMIC_OVERWRITE = """
            {"table": "demo.events", "strategy": "dynamic_overwrite", "partitionBy": ["event_date"],
             "source": {"type": "inline", "schema": "id BIGINT, name STRING, event_date DATE",
                        "rows": [{"id": 2, "name": "b, corrected", "event_date": "2024-08-02"}]}}""";

    static final String PARQUET_DROP_PARTITION = """
            {"table": "demo.daily_sales", "strategy": "drop_partition", "format": "parquet", "partitionBy": ["sale_date"],
             "source": {"type": "inline", "schema": "store STRING, amount DECIMAL(10,2), sale_date DATE",
                        "rows": [{"store": "berlin", "amount": 120.50, "sale_date": "2024-08-01"},
                                 {"store": "paris", "amount": 99.90, "sale_date": "2024-08-01"}]}}""";

    static final String EXPECTATIONS = """
            {"table": "demo.orders", "strategy": "append",
             "expectations": [{"name": "positive_amount", "rule": "amount >= 0", "action": "quarantine"},
                              {"name": "has_email", "rule": "email IS NOT NULL", "action": "drop"},
                              {"name": "small_amount", "rule": "amount < 100", "action": "warn"}],
             "source": {"type": "inline", "schema": "id BIGINT, amount BIGINT, email STRING",
                        "rows": [{"id": 1, "amount": 10, "email": "a@x"}, {"id": 2, "amount": -5, "email": "b@x"},
                                 {"id": 3, "amount": 7, "email": null}, {"id": 5, "amount": 1000, "email": "c@x"}]}}""";

    // The sources below read what only a deployment names (its inbox, databases and allowed hosts): they are
    // requests as they would be written there, parsed by the tests but not run.

    static final String FILES = """
            {"table": "demo.events", "strategy": "append", "partitionBy": ["event_date"],
             "source": {"type": "files", "format": "csv", "path": "/data/inbox/events/*.csv", "options": {"header": "true"},
                        "schema": "id BIGINT, name STRING, event_date DATE"}}""";

    static final String FILES_INCREMENTAL = """
            {"table": "demo.events", "strategy": "append", "partitionBy": ["event_date"],
             "source": {"type": "files", "format": "csv", "path": "/data/inbox/events/*.csv", "options": {"header": "true"},
                        "schema": "id BIGINT, name STRING, event_date DATE", "incremental": true, "onChanged": "skip"}}""";

    static final String FILES_BAD_RECORDS = """
            {"table": "demo.orders", "strategy": "append",
             "source": {"type": "files", "format": "csv", "path": "/data/inbox/orders/*.csv", "options": {"header": "true"},
                        "schema": "id BIGINT, amount BIGINT", "badRecords": "quarantine"}}""";

    static final String JDBC = """
            {"table": "demo.orders", "strategy": "merge", "keys": ["id"],
             "source": {"type": "jdbc", "connection": "shop", "table": "public.orders",
                        "partitionColumn": "id", "lowerBound": "1", "upperBound": "1000000", "numPartitions": 4},
             "watermark": {"column": "updated_at"}}""";

    static final String HTTP = """
            {"table": "bronze.car_data", "strategy": "append",
             "source": {"type": "http", "name": "openf1", "endpoint": "car_data", "url": "https://api.openf1.org/v1/car_data",
                        "parameters": [{"session_key": 9159, "driver_number": 1}, {"session_key": 9159, "driver_number": 44}],
                        "filters": ["speed>=100"], "schema": "session_key INT, driver_number INT, speed INT",
                        "batch": "2024-08-01"}}""";

    static final String STAGING = """
            {"table": "bronze.car_data_rebuilt", "strategy": "append",
             "source": {"type": "staging", "name": "openf1", "endpoint": "car_data",
                        "schema": "session_key INT, driver_number INT, speed INT"}}""";

    private RunExamples() {
    }
}
