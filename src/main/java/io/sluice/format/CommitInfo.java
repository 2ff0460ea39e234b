package io.sluice.format;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import io.sluice.receipt.WrittenRows;
import io.sluice.write.RunMetrics;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** One commit of a Delta table as its log records it. */
record CommitInfo(long version, Instant timestamp, String operation, Map<String, String> operationMetrics,
        String userMetadata) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * Maps Delta's metric names to the run's: WRITE / CREATE TABLE AS SELECT report numOutputRows,
     * numFiles and (overwrites) numRemovedFiles / numDeletedRows; MERGE reports numTargetRows* and
     * numTargetFiles*.
     */
    public RunMetrics toRunMetrics() {
        Long output = first("numOutputRows");
        Long inserted = first("numTargetRowsInserted");
        if (inserted == null && isWrite()) {
            inserted = output; // a blind write inserts every row it outputs
        }
        return new RunMetrics(output, inserted,
                first("numTargetRowsUpdated", "numUpdatedRows"),
                first("numTargetRowsDeleted", "numDeletedRows"),
                first("numTargetFilesAdded", "numAddedFiles", "numFiles", "numRestoredFiles"),
                first("numTargetFilesRemoved", "numRemovedFiles"),
                first("numTargetBytesAdded", "numOutputBytes", "numAddedBytes", "restoredFilesSize"),
                null, null, null);
    }

    /**
     * Where a MERGE's source rows went, from its metrics: a source row matched and updated, matched and deleted, or inserted;
     * any other (equal to its row, or ignored by whenMatched/whenNotMatched) changed nothing. Null for other operations.
     */
    public WrittenRows writtenRows() {
        Long source = first("numSourceRows");
        if (!"MERGE".equals(operation) || source == null) {
            return null;
        }
        long inserted = orZero(first("numTargetRowsInserted"));
        long updated = orZero(first("numTargetRowsMatchedUpdated", "numTargetRowsUpdated"));
        long deleting = orZero(first("numTargetRowsMatchedDeleted"));
        return new WrittenRows(inserted, updated, Math.max(0, source - inserted - updated - deleting), deleting, 0); // see Receipt.of
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }

    private boolean isWrite() {
        return "WRITE".equals(operation) || operation.startsWith("CREATE") || operation.startsWith("REPLACE");
    }

    /** A field of the JSON Sluice writes into userMetadata ({@code runId}, {@code idempotencyKey}); null if absent. */
    public String userMetadataField(String name) {
        return userMetadataFields().get(name);
    }

    /** The text fields of the JSON object Sluice writes into userMetadata; empty for anyone else's metadata. */
    public Map<String, String> userMetadataFields() {
        if (userMetadata == null || !userMetadata.startsWith("{")) {
            return Map.of();
        }
        try {
            Map<String, String> fields = new HashMap<>();
            JSON.readTree(userMetadata).properties().forEach(field -> {
                if (field.getValue().isString()) {
                    fields.put(field.getKey(), field.getValue().asString());
                }
            });
            return fields;
        } catch (JacksonException e) {
            return Map.of(); // someone else's metadata
        }
    }

    private Long first(String... names) {
        for (String name : names) {
            String value = operationMetrics.get(name);
            if (value != null) {
                return Long.parseLong(value);
            }
        }
        return null;
    }
}
