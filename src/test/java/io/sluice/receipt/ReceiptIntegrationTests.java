package io.sluice.receipt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;

import io.sluice.support.SluiceClient;
import io.sluice.support.SluiceIntegrationTest;
import io.sluice.table.TableFormat;
import io.sluice.web.EnumNames;
import tools.jackson.databind.JsonNode;

/**
 * Every strategy on both formats reports where each source row went, with exact counts, and the counts add up (as
 * {@link SluiceClient#assertBalanced} checks for every run any test waits for). Receipts read as
 * "read below duplicates droppedByExpectations quarantined inserted updated unchanged deleting | deleted".
 */
@SluiceIntegrationTest
class ReceiptIntegrationTests {

    static final String SCHEMA = "id BIGINT, name STRING, day DATE, seq BIGINT";

    @Autowired
    SluiceClient sluice;

    @ParameterizedTest
    @EnumSource(TableFormat.class)
    void anAppendInsertsEveryRowItReads(TableFormat format) {
        String table = SluiceClient.uniqueTable("receipt_append_" + EnumNames.of(format));
        assertReceipt(run(table, format, "append", "", r(1, "a", 1), r(2, "b", 1), r(3, "c", 2)), "3 0 0 0 0 3 0 0 0 | 0");
        assertReceipt(run(table, format, "append", "", r(4, "d", 1)), "1 0 0 0 0 1 0 0 0 | 0");
    }

    @ParameterizedTest
    @EnumSource(TableFormat.class)
    void aMergeUpdatesOnlyTheRowsThatChange(TableFormat format) {
        String table = SluiceClient.uniqueTable("receipt_merge_" + EnumNames.of(format));
        String keyed = "\"keys\": [\"id\"], \"duplicates\": \"keep_latest\", \"orderBy\": [\"seq\"]";
        run(table, format, "merge", keyed, r(1, "a", 1), r(2, "b", 1), r(3, "c", 2));
        // 1 as it is, 2 changed, 4 new (twice: the older dropped), 3 not in the source
        JsonNode merged = run(table, format, "merge", keyed, r(1, "a", 1), r(2, "B", 1), r(4, "old", 2, 1), r(4, "d", 2, 2));
        assertReceipt(merged, "4 0 1 0 0 1 1 1 0 | 0");
        assertThat(merged.get("metrics").get("rowsUpdated").asLong()).as("the engine's own count").isEqualTo(1);
        assertThat(sluice.rows(table, "id").stream().map(row -> row.get("id") + ":" + row.get("name")).toList())
                .containsExactly("1:a", "2:B", "3:c", "4:d");

        JsonNode again = run(table, format, "merge", keyed, r(1, "a", 1), r(2, "B", 1));
        assertReceipt(again, "2 0 0 0 0 0 0 2 0 | 0");
        assertThat(again.get("metrics").get("rowsUpdated").asLong()).isZero();
    }

    @ParameterizedTest
    @EnumSource(TableFormat.class)
    void aDeletingMergeCountsTheSourceRowsThatDeleteAndTheTableRowsDeletedBeside(TableFormat format) {
        String table = SluiceClient.uniqueTable("receipt_delete_" + EnumNames.of(format));
        run(table, format, "merge", "\"keys\": [\"id\"]", r(1, "a", 1), r(2, "b", 1), r(3, "c", 2));
        JsonNode deleted = run(table, format, "merge", "\"keys\": [\"id\"], \"whenMatched\": \"delete\", \"whenNotMatched\": \"ignore\"",
                r(1, "x", 1), r(9, "y", 1));
        assertReceipt(deleted, "2 0 0 0 0 0 0 1 1 | 1");
        assertThat(sluice.rows(table, "id").stream().map(row -> row.get("id")).toList()).containsExactly(2, 3);
    }

    @ParameterizedTest
    @EnumSource(TableFormat.class)
    void aPartitionReplacementCountsTheRowsItReplacedBeside(TableFormat format) {
        String table = SluiceClient.uniqueTable("receipt_partitions_" + EnumNames.of(format));
        run(table, format, "append", "\"partitionBy\": [\"day\"]", r(1, "a", 1), r(2, "b", 1), r(3, "c", 1), r(4, "d", 2));
        assertReceipt(run(table, format, "drop_partition", "", r(5, "e", 1), r(6, "f", 1)), "2 0 0 0 0 2 0 0 0 | 3");
        assertReceipt(run(table, format, "dynamic_overwrite", "", r(7, "g", 2)), "1 0 0 0 0 1 0 0 0 | 1");
    }

    @ParameterizedTest
    @EnumSource(TableFormat.class)
    void rowsAtOrBelowTheWatermarkAreCountedAsSuch(TableFormat format) {
        String table = SluiceClient.uniqueTable("receipt_watermark_" + EnumNames.of(format));
        String watermark = "\"watermark\": {\"column\": \"seq\"}";
        assertReceipt(run(table, format, "append", watermark, r(1, "a", 1, 1), r(2, "b", 1, 2)), "2 0 0 0 0 2 0 0 0 | 0");
        assertReceipt(run(table, format, "append", watermark, r(1, "a", 1, 1), r(2, "b", 1, 2), r(3, "c", 1, 3)), "3 2 0 0 0 1 0 0 0 | 0");
        assertReceipt(run(table, format, "append", watermark, r(3, "c", 1, 3)), "1 1 0 0 0 0 0 0 0 | 0");
    }

    @ParameterizedTest
    @EnumSource(TableFormat.class)
    void expectationsDropAndQuarantineRowsBeforeTheWrite(TableFormat format) {
        String table = SluiceClient.uniqueTable("receipt_rules_" + EnumNames.of(format));
        String rules = """
                "expectations": [{"name": "named", "rule": "name IS NOT NULL", "action": "drop"},
                                 {"name": "positive", "rule": "id > 0", "action": "quarantine"}]""";
        assertReceipt(run(table, format, "append", rules, r(1, "a", 1), r(2, null, 1), r(-3, "c", 1), r(-4, null, 1), r(5, "e", 1)),
                "5 0 0 1 2 2 0 0 0 | 0");
    }

    @ParameterizedTest
    @EnumSource(TableFormat.class)
    void applyChangesType1CountsEachEventOnce(TableFormat format) {
        String table = SluiceClient.uniqueTable("receipt_cdc1_" + EnumNames.of(format));
        String latest = "\"keys\": [\"id\"], \"sequenceBy\": \"seq\", \"deleteWhen\": \"name = 'DELETE'\"";
        // 1: two events, the later wins; 2: the same event twice; 3: inserted then deleted in the batch
        assertReceipt(run(table, format, "apply_changes", latest, r(1, "a", 1, 1), r(1, "b", 1, 3), r(2, "x", 1, 2), r(2, "x", 1, 2),
                r(3, "c", 1, 1), r(3, "DELETE", 1, 2)), "6 0 3 0 0 2 0 1 0 | 0");
        // 1: older than the table's, then deleted by a later event; 4 new; 9 a delete of a key the table lacks
        assertReceipt(run(table, format, "apply_changes", latest, r(1, "older", 1, 2), r(4, "d", 1, 1), r(9, "DELETE", 1, 1),
                r(1, "DELETE", 1, 4)), "4 0 1 0 0 1 0 1 1 | 1");
        assertThat(sluice.rows(table, "id").stream().map(row -> row.get("id") + ":" + row.get("name")).toList())
                .containsExactly("2:x", "4:d");
    }

    @ParameterizedTest
    @EnumSource(TableFormat.class)
    void applyChangesType2CountsTheVersionsEventsOpenAndClose(TableFormat format) {
        String table = SluiceClient.uniqueTable("receipt_cdc2_" + EnumNames.of(format));
        String history = "\"keys\": [\"id\"], \"sequenceBy\": \"seq\", \"deleteWhen\": \"name = 'DELETE'\", \"history\": true";
        String[] batch = { r(1, "a", 1, 1), r(1, "b", 1, 2), r(1, "DELETE", 1, 3), r(2, "x", 1, 1), r(2, "x", 1, 1), r(2, "x", 1, 2) };
        // 1: two versions, closed by the delete; 2: one version (the same event twice, then a repeat of its values)
        assertReceipt(run(table, format, "apply_changes", history, batch), "6 0 1 0 0 3 0 1 1 | 0");
        assertReceipt(run(table, format, "apply_changes", history, batch), "6 0 0 0 0 0 0 6 0 | 0");
    }

    private JsonNode run(String table, TableFormat format, String strategy, String options, String... rows) {
        String body = """
                {"table": "%s", "format": "%s", "strategy": "%s"%s,
                 "source": {"type": "inline", "schema": "%s", "rows": [%s]}}""".formatted(table, EnumNames.of(format), strategy,
                options.isEmpty() ? "" : ", " + options, SCHEMA, String.join(",", rows));
        JsonNode run = sluice.submitAndAwait(body);
        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        return run;
    }

    private static void assertReceipt(JsonNode run, String expected) {
        JsonNode receipt = run.get("receipt");
        List<String> counts = List.of("rowsRead", "rowsBelowWatermark", "rowsDroppedAsDuplicates", "rowsDroppedByExpectations",
                "rowsQuarantined", "rowsInserted", "rowsUpdated", "rowsUnchanged", "rowsDeleting").stream()
                .map(name -> receipt.get(name).asString()).toList();
        assertThat(String.join(" ", counts) + " | " + receipt.get("rowsDeleted").asString()).as("%s", receipt).isEqualTo(expected);
    }

    static String r(long id, String name, int day) {
        return r(id, name, day, 0);
    }

    static String r(long id, String name, int day, long seq) {
        return "{\"id\": %d, \"name\": %s, \"day\": \"2024-08-0%d\", \"seq\": %d}".formatted(id, name == null ? "null" : "\"" + name + "\"",
                day, seq);
    }
}
