package io.sluice.table;

import java.time.Instant;
import java.util.Map;

import io.sluice.run.RunMetrics;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** One commit of a Delta table as its log records it. */
public record CommitInfo(long version, Instant timestamp, String operation, Map<String, String> operationMetrics,
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
                first("numTargetFilesAdded", "numAddedFiles", "numFiles"),
                first("numTargetFilesRemoved", "numRemovedFiles"),
                first("numTargetBytesAdded", "numOutputBytes", "numAddedBytes"),
                null, null);
    }

    private boolean isWrite() {
        return "WRITE".equals(operation) || operation.startsWith("CREATE") || operation.startsWith("REPLACE");
    }

    /** A field of the JSON Sluice writes into userMetadata ({@code runId}, {@code idempotencyKey}); null if absent. */
    public String userMetadataField(String name) {
        if (userMetadata == null || !userMetadata.startsWith("{")) {
            return null;
        }
        try {
            JsonNode field = JSON.readTree(userMetadata).get(name);
            return field == null || !field.isString() ? null : field.asString();
        } catch (JacksonException e) {
            return null; // someone else's metadata
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
