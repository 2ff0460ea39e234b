package io.sluice.expectation;

import java.util.Optional;

import org.apache.spark.sql.SparkSession;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.sluice.format.TableCatalog;
import io.sluice.table.TableName;
import io.sluice.table.TableState;
import io.sluice.table.WritableTables;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * A table's own expectations, which every run into it checks (a run's own rules join them). They may be set before the table's
 * first run; once the table exists the rules are checked against its columns.
 */
@RestController
@RequestMapping("/api/v1/tables/{name}/expectations")
@Tag(name = "expectations", description = "Rules every row of a table's runs is checked against, and the quarantine they fill")
class ExpectationsController {

    private static final String EXAMPLE = """
            {"expectations": [
              {"name": "positive_amount", "rule": "amount >= 0", "action": "quarantine"},
              {"name": "has_email", "rule": "email IS NOT NULL", "action": "drop"},
              {"name": "known_currency", "rule": "currency IN ('EUR', 'USD')", "action": "fail"}],
             "quarantineTable": "demo.orders__quarantine"}""";

    private final TableRuleSets rules;
    private final RuleSetValidator validator;
    private final WritableTables writable;
    private final TableCatalog catalog;
    private final SparkSession spark;

    ExpectationsController(TableRuleSets rules, RuleSetValidator validator, WritableTables writable, TableCatalog catalog,
            SparkSession spark) {
        this.rules = rules;
        this.validator = validator;
        this.writable = writable;
        this.catalog = catalog;
        this.spark = spark;
    }

    @GetMapping
    @Operation(operationId = "getTableExpectations", summary = "The table's own expectations and its quarantine table (none: an empty list)")
    @ApiResponse(responseCode = "200", description = "The rules", content = @Content(schema = @Schema(implementation = RuleSet.class)))
    RuleSet get(@PathVariable String name) {
        TableName table = TableName.parse("name", name);
        return shown(rules.of(table.toString()), table);
    }

    @PutMapping
    @Operation(operationId = "setTableExpectations", summary = "Set the table's expectations, in place of those it had; checked "
            + "against the table's columns when it exists")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(schema = @Schema(implementation = RuleSet.class),
            examples = @ExampleObject(name = "rules", value = EXAMPLE)))
    @ApiResponse(responseCode = "200", description = "The rules now in force", content = @Content(schema = @Schema(implementation = RuleSet.class)))
    @ApiResponse(responseCode = "422", description = "A rule that does not parse, names a column the table lacks, calls a function "
            + "that is not a deterministic built-in, or holds a subquery; nothing is stored",
            content = @Content(schema = @Schema(implementation = ProblemDetail.class)))
    RuleSet set(@PathVariable String name, @RequestBody RuleSet set) {
        TableName table = TableName.parse("name", name);
        writable.check("name", table);
        Optional<TableState> existing = catalog.state(spark, table);
        validator.check("expectations", set, table, existing.map(TableState::schema).orElse(null));
        rules.set(table.toString(), set);
        return shown(set, table);
    }

    @DeleteMapping
    @Operation(operationId = "deleteTableExpectations", summary = "Remove the table's expectations: its runs check only their own")
    @ApiResponse(responseCode = "200", description = "The rules now in force: none", content = @Content(schema = @Schema(implementation = RuleSet.class)))
    RuleSet delete(@PathVariable String name) {
        TableName table = TableName.parse("name", name);
        writable.check("name", table);
        rules.delete(table.toString());
        return shown(RuleSet.NONE, table);
    }

    private RuleSet shown(RuleSet set, TableName table) {
        return new RuleSet(set.expectations(), validator.quarantineTable(set, table).toString());
    }
}
