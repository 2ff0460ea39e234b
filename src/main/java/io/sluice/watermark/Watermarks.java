package io.sluice.watermark;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Watermarks in the ledger database, one per table and name. A run's advance is written in the same
 * transaction as its SUCCEEDED status (see RunLedger), so a watermark never runs ahead of its data.
 */
@Repository
public class Watermarks {

    private final JdbcClient jdbc;

    public Watermarks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Watermark> find(String table, String name) {
        return jdbc.sql("SELECT name, column_name, value_text, run_id, updated_at FROM sluice_watermark"
                        + " WHERE table_name = :table AND name = :name")
                .param("table", table).param("name", name).query(Watermarks::map).optional();
    }

    public List<Watermark> list(String table) {
        return jdbc.sql("SELECT name, column_name, value_text, run_id, updated_at FROM sluice_watermark"
                        + " WHERE table_name = :table ORDER BY name")
                .param("table", table).query(Watermarks::map).list();
    }

    /** Sets a watermark (insert or update). Callers that need it atomic with more run it in their transaction. */
    public void set(String table, String name, String column, String value, UUID runId) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        String run = runId == null ? null : runId.toString();
        int updated = jdbc.sql("""
                UPDATE sluice_watermark SET column_name = :column, value_text = :value, run_id = :run, updated_at = :now
                WHERE table_name = :table AND name = :name""")
                .param("column", column).param("value", value).param("run", run).param("now", now)
                .param("table", table).param("name", name).update();
        if (updated == 0) {
            jdbc.sql("""
                    INSERT INTO sluice_watermark (table_name, name, column_name, value_text, run_id, updated_at)
                    VALUES (:table, :name, :column, :value, :run, :now)""")
                    .param("table", table).param("name", name).param("column", column).param("value", value)
                    .param("run", run).param("now", now).update();
        }
    }

    public boolean delete(String table, String name) {
        return jdbc.sql("DELETE FROM sluice_watermark WHERE table_name = :table AND name = :name")
                .param("table", table).param("name", name).update() == 1;
    }

    private static Watermark map(ResultSet rs, int row) throws SQLException {
        String run = rs.getString("run_id");
        OffsetDateTime updated = rs.getObject("updated_at", OffsetDateTime.class);
        return new Watermark(rs.getString("name"), rs.getString("column_name"), rs.getString("value_text"),
                run == null ? null : UUID.fromString(run), updated.withOffsetSameInstant(ZoneOffset.UTC));
    }
}
