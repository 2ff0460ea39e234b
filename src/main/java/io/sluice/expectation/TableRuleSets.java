package io.sluice.expectation;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Tables' own expectations, in the ledger database ({@code sluice_table_expectations}, one row per table). */
@Repository
public class TableRuleSets {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<List<Expectation>> RULES = new TypeReference<>() {
    };

    private final JdbcClient jdbc;

    TableRuleSets(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The table's rules; {@link RuleSet#NONE} when it has none of its own. */
    public RuleSet of(String table) {
        return find(table).orElse(RuleSet.NONE);
    }

    public Optional<RuleSet> find(String table) {
        return jdbc.sql("SELECT rules, quarantine_table FROM sluice_table_expectations WHERE table_name = :table").param("table", table)
                .query((rs, row) -> new RuleSet(JSON.readValue(rs.getString("rules"), RULES), rs.getString("quarantine_table"))).optional();
    }

    /** Stores the table's rules in place of those it had (the caller has checked them). */
    public void set(String table, RuleSet rules) {
        String json = JSON.writeValueAsString(rules.expectations());
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        for (int attempt = 0; attempt < 2; attempt++) {
            if (jdbc.sql("UPDATE sluice_table_expectations SET rules = :rules, quarantine_table = :quarantine, updated_at = :now"
                    + " WHERE table_name = :table").param("rules", json).param("quarantine", rules.quarantineTable()).param("now", now)
                    .param("table", table).update() == 1) {
                return;
            }
            try {
                jdbc.sql("INSERT INTO sluice_table_expectations (table_name, rules, quarantine_table, updated_at)"
                        + " VALUES (:table, :rules, :quarantine, :now)").param("table", table).param("rules", json)
                        .param("quarantine", rules.quarantineTable()).param("now", now).update();
                return;
            } catch (DuplicateKeyException concurrentPut) {
                // another PUT inserted the row first: update it
            }
        }
    }

    /** False if the table had no rules of its own. */
    public boolean delete(String table) {
        return jdbc.sql("DELETE FROM sluice_table_expectations WHERE table_name = :table").param("table", table).update() == 1;
    }
}
