package io.sluice.run.api;

/** Request examples for Swagger UI: each runs as it is on a fresh start. */
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

    static final String DYNAMIC_OVERWRITE = """
            {"table": "demo.events", "strategy": "dynamic_overwrite", "partitionBy": ["event_date"],
             "source": {"type": "inline", "schema": "id BIGINT, name STRING, event_date DATE",
                        "rows": [{"id": 2, "name": "b, corrected", "event_date": "2024-08-02"}]}}""";

    static final String PARQUET_DROP_PARTITION = """
            {"table": "demo.daily_sales", "strategy": "drop_partition", "format": "parquet", "partitionBy": ["sale_date"],
             "source": {"type": "inline", "schema": "store STRING, amount DECIMAL(10,2), sale_date DATE",
                        "rows": [{"store": "berlin", "amount": 120.50, "sale_date": "2024-08-01"},
                                 {"store": "paris", "amount": 99.90, "sale_date": "2024-08-01"}]}}""";

    private RunExamples() {
    }
}
