package io.sluice.run.ledger;

import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What the vacuums of a table removed, in the ledger database: the oldest version a restore may still return to, and the
 * vacuum run that removed the directories of the ones before it. Recorded before the vacuum deletes anything, and never
 * lowered: a vacuum cut short may have deleted some of them already.
 */
@Repository
public class TableRetention {

    private final JdbcClient jdbc;

    public TableRetention(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The table's retention; empty while no vacuum has removed any version's directories. */
    public Optional<Retained> of(String table) {
        return jdbc.sql("SELECT restorable_from, vacuum_run, expired_changes FROM sluice_table_retention WHERE table_name = :table")
                .param("table", table)
                .query((rs, row) -> new Retained(rs.getObject("restorable_from", Long.class),
                        rs.getString("vacuum_run") == null ? null : UUID.fromString(rs.getString("vacuum_run")), rs.getLong("expired_changes")))
                .optional();
    }

    /** Versions below {@code version} are no longer restorable, since run {@code vacuum} removes their directories. */
    public void restorableFrom(String table, long version, UUID vacuum) {
        Long recorded = of(table).map(Retained::restorableFrom).orElse(null);
        if (recorded != null && recorded >= version) {
            return;
        }
        int updated = jdbc.sql("UPDATE sluice_table_retention SET restorable_from = :version, vacuum_run = :run, updated_at = :now"
                        + " WHERE table_name = :table")
                .param("version", version).param("run", vacuum.toString()).param("now", RunLedger.now()).param("table", table).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO sluice_table_retention (table_name, restorable_from, vacuum_run, updated_at)"
                            + " VALUES (:table, :version, :run, :now)")
                    .param("table", table).param("version", version).param("run", vacuum.toString()).param("now", RunLedger.now()).update();
        }
    }

    /** {@code changes} more of the table's changes left the ledger with their runs. */
    void expired(String table, int changes) {
        jdbc.sql("UPDATE sluice_table_retention SET expired_changes = expired_changes + :changes, updated_at = :now WHERE table_name = :table")
                .param("changes", changes).param("now", RunLedger.now()).param("table", table).update();
    }

    /**
     * {@code restorableFrom}: the oldest version a restore may return to, null if none was removed; {@code vacuumRun}: the
     * vacuum that removed the ones before it; {@code expiredChanges}: the changes whose runs left the ledger.
     */
    public record Retained(Long restorableFrom, UUID vacuumRun, long expiredChanges) {

        public static final Retained NONE = new Retained(null, null, 0);
    }
}
