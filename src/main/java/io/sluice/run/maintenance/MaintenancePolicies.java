package io.sluice.run.maintenance;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.sluice.problem.InvalidRequestException;
import io.sluice.run.ledger.RunLedger;

/**
 * Tables' own maintenance policies, in the ledger database ({@code sluice_maintenance_policy}, one row per table), and
 * the policy in force for a table: its overrides over the {@code sluice.maintenance} defaults. Automatic maintenance
 * is on for a table without a policy of its own when {@code sluice.maintenance.auto.enabled} is.
 */
@Repository
public class MaintenancePolicies {

    private static final String COLUMNS = "table_name, auto_compact, min_files, target_file_size, auto_vacuum, vacuum_interval_hours,"
            + " retention_hours";

    private final JdbcClient jdbc;
    private final MaintenanceProperties properties;

    public MaintenancePolicies(JdbcClient jdbc, MaintenanceProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /** The policy in force for the table. */
    public MaintenancePolicy effective(String table) {
        return effective(table, find(table).orElse(PolicyOverrides.NONE));
    }

    public MaintenancePolicy effective(String table, PolicyOverrides own) {
        MaintenanceProperties.Auto auto = properties.auto();
        return new MaintenancePolicy(table,
                or(own.autoCompact(), auto.enabled()),
                or(own.minFiles(), properties.compact().minFiles()),
                or(own.targetFileSize(), properties.compact().targetFileSize().toBytes()),
                or(own.autoVacuum(), auto.enabled()),
                or(own.vacuumIntervalHours(), auto.vacuumInterval().toHours()),
                or(own.retentionHours(), properties.vacuum().retention().toHours()),
                own.names());
    }

    /** The policies tables set, by table. */
    public Map<String, PolicyOverrides> all() {
        Map<String, PolicyOverrides> all = new HashMap<>();
        jdbc.sql("SELECT " + COLUMNS + " FROM sluice_maintenance_policy").query((rs, row) -> all.put(rs.getString("table_name"), map(rs)))
                .list();
        return all;
    }

    public Optional<PolicyOverrides> find(String table) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM sluice_maintenance_policy WHERE table_name = :table").param("table", table)
                .query((rs, row) -> map(rs)).optional();
    }

    /** Stores the table's overrides in place of those it had; 422 with every value out of range, and nothing stored. */
    public void set(String table, PolicyOverrides own) {
        check(own);
        for (int attempt = 0; attempt < 2; attempt++) {
            if (update(table, own) == 1) {
                return;
            }
            try {
                jdbc.sql("INSERT INTO sluice_maintenance_policy (" + COLUMNS + ", updated_at) VALUES (:table, :autoCompact, :minFiles,"
                        + " :targetFileSize, :autoVacuum, :interval, :retention, :now)").params(params(table, own)).update();
                return;
            } catch (DuplicateKeyException concurrentPut) {
                // another PUT inserted the row first: update it
            }
        }
    }

    /** Back to the defaults; false if the table had no policy of its own. */
    public boolean delete(String table) {
        return jdbc.sql("DELETE FROM sluice_maintenance_policy WHERE table_name = :table").param("table", table).update() == 1;
    }

    void check(PolicyOverrides own) {
        List<InvalidRequestException.Violation> violations = new ArrayList<>();
        if (own.minFiles() != null && own.minFiles() < 2) {
            violations.add(new InvalidRequestException.Violation("minFiles",
                    "minFiles is %d: a partition needs at least 2 files to be compacted into fewer".formatted(own.minFiles())));
        }
        if (own.targetFileSize() != null && own.targetFileSize() < TableMaintenance.MIN_TARGET_FILE_SIZE) {
            violations.add(new InvalidRequestException.Violation("targetFileSize", "targetFileSize is %d bytes: give at least %d (1 MiB)"
                    .formatted(own.targetFileSize(), TableMaintenance.MIN_TARGET_FILE_SIZE)));
        }
        if (own.vacuumIntervalHours() != null && own.vacuumIntervalHours() < 1) {
            violations.add(new InvalidRequestException.Violation("vacuumIntervalHours",
                    "vacuumIntervalHours is %d: give at least 1".formatted(own.vacuumIntervalHours())));
        }
        Duration minimum = properties.vacuum().minRetention();
        if (own.retentionHours() != null && (own.retentionHours() < 0 || Duration.ofHours(own.retentionHours()).compareTo(minimum) < 0)) {
            violations.add(new InvalidRequestException.Violation("retentionHours", ("retentionHours is %d: a vacuum keeps at least %d "
                    + "hours of versions (sluice.maintenance.vacuum.min-retention)").formatted(own.retentionHours(), minimum.toHours())));
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
    }

    private int update(String table, PolicyOverrides own) {
        return jdbc.sql("UPDATE sluice_maintenance_policy SET auto_compact = :autoCompact, min_files = :minFiles,"
                + " target_file_size = :targetFileSize, auto_vacuum = :autoVacuum, vacuum_interval_hours = :interval,"
                + " retention_hours = :retention, updated_at = :now WHERE table_name = :table").params(params(table, own)).update();
    }

    private static Map<String, Object> params(String table, PolicyOverrides own) {
        Map<String, Object> params = new HashMap<>();
        params.put("table", table);
        params.put("autoCompact", own.autoCompact());
        params.put("minFiles", own.minFiles());
        params.put("targetFileSize", own.targetFileSize());
        params.put("autoVacuum", own.autoVacuum());
        params.put("interval", own.vacuumIntervalHours());
        params.put("retention", own.retentionHours());
        params.put("now", RunLedger.now());
        return params;
    }

    private static PolicyOverrides map(ResultSet rs) throws SQLException {
        return new PolicyOverrides(rs.getObject("auto_compact", Boolean.class), rs.getObject("min_files", Integer.class),
                rs.getObject("target_file_size", Long.class), rs.getObject("auto_vacuum", Boolean.class),
                rs.getObject("vacuum_interval_hours", Long.class), rs.getObject("retention_hours", Long.class));
    }

    private static <T> T or(T own, T fallback) {
        return own != null ? own : fallback;
    }
}
