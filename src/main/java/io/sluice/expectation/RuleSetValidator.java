package io.sluice.expectation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.springframework.stereotype.Component;

import io.sluice.problem.InvalidRequestException;
import io.sluice.problem.InvalidRequestException.Violation;
import io.sluice.table.TableName;
import io.sluice.table.WritableTables;

/**
 * Checks a rule set before it is stored or run: the rules ({@link RuleChecker}, with the session's SQL parser), and, where
 * the source's schema is known, analysed against it ({@link Expectations#analyse}); the quarantine table is a writable
 * table other than the target. Every problem in one 422.
 */
@Component
public class RuleSetValidator {

    private final SparkSession spark;
    private final WritableTables writable;

    RuleSetValidator(SparkSession spark, WritableTables writable) {
        this.spark = spark;
        this.writable = writable;
    }

    /** {@code schema}: the source's columns, null while unknown (then the run checks them when it starts). */
    public void check(String field, RuleSet rules, TableName target, StructType schema) {
        List<Violation> problems = new ArrayList<>();
        Set<String> columns = schema == null ? null : new HashSet<>(Arrays.asList(schema.fieldNames()));
        problems.addAll(new RuleChecker(spark.sessionState().sqlParser()).check(field, rules.expectations(), columns));
        if (rules.quarantineTable() != null) {
            try {
                TableName quarantine = quarantineTable(rules, target);
                InvalidRequestException.check(!quarantine.equals(target), "quarantineTable", "the quarantine table must not be the table itself");
            } catch (InvalidRequestException e) {
                problems.addAll(e.violations());
            }
        }
        if (problems.isEmpty() && schema != null) {
            Expectations.analyse(spark, schema, rules.expectations(), field);
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
    }

    /** Where the rule set quarantines rows for {@code target}, checked writable. */
    public TableName quarantineTable(RuleSet rules, TableName target) {
        TableName quarantine = rules.quarantineTable() == null ? TableName.parse("quarantineTable",
                Expectations.defaultQuarantineTable(target.toString())) : TableName.parse("quarantineTable", rules.quarantineTable());
        writable.check("quarantineTable", quarantine);
        return quarantine;
    }
}
