package io.sluice.run.api;

import org.apache.spark.sql.SparkSession;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.sluice.run.maintenance.MaintenancePolicies;
import io.sluice.run.maintenance.MaintenancePolicy;
import io.sluice.run.maintenance.PolicyOverrides;
import io.sluice.run.maintenance.TableMaintenance;
import io.sluice.table.TableName;
import io.sluice.table.WritableTables;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** A table's maintenance policy: what automatic maintenance does to it, its own overrides over the sluice.maintenance defaults. */
@RestController
@RequestMapping("/api/v1/tables/{name}/maintenance/policy")
@Tag(name = "maintenance")
class MaintenancePolicyController {

    private final MaintenancePolicies policies;
    private final TableMaintenance maintenance;
    private final WritableTables writable;
    private final SparkSession spark;

    MaintenancePolicyController(MaintenancePolicies policies, TableMaintenance maintenance, WritableTables writable, SparkSession spark) {
        this.policies = policies;
        this.maintenance = maintenance;
        this.writable = writable;
        this.spark = spark;
    }

    @GetMapping
    @Operation(operationId = "getMaintenancePolicy", summary = "The table's maintenance policy in force, and which fields are its own")
    @ApiResponse(responseCode = "200", description = "The policy", content = @Content(schema = @Schema(implementation = MaintenancePolicy.class)))
    @ApiResponse(responseCode = "404", description = "No such table", content = @Content(schema = @Schema(implementation = ProblemDetail.class)))
    MaintenancePolicy get(@PathVariable String name) {
        return policies.effective(existing(name).toString());
    }

    @PutMapping
    @Operation(operationId = "setMaintenancePolicy", summary = "Set the table's own policy: each field given overrides its default, "
            + "a field left out is the default (the earlier overrides are replaced)")
    @ApiResponse(responseCode = "200", description = "The policy now in force",
            content = @Content(schema = @Schema(implementation = MaintenancePolicy.class)))
    @ApiResponse(responseCode = "404", description = "No such table", content = @Content(schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "A value out of range; nothing is stored",
            content = @Content(schema = @Schema(implementation = ProblemDetail.class)))
    MaintenancePolicy set(@PathVariable String name, @RequestBody PolicyOverrides overrides) {
        TableName table = writableExisting(name);
        policies.set(table.toString(), overrides);
        return policies.effective(table.toString());
    }

    @DeleteMapping
    @Operation(operationId = "resetMaintenancePolicy", summary = "Back to the defaults: the table's own policy is removed")
    @ApiResponse(responseCode = "200", description = "The policy now in force",
            content = @Content(schema = @Schema(implementation = MaintenancePolicy.class)))
    @ApiResponse(responseCode = "404", description = "No such table", content = @Content(schema = @Schema(implementation = ProblemDetail.class)))
    MaintenancePolicy reset(@PathVariable String name) {
        TableName table = writableExisting(name);
        policies.delete(table.toString());
        return policies.effective(table.toString());
    }

    private TableName writableExisting(String name) {
        TableName table = TableName.parse("name", name);
        writable.check("name", table);
        return existing(table);
    }

    private TableName existing(String name) {
        return existing(TableName.parse("name", name));
    }

    /** 404 without the table: a policy is for a table there is. */
    private TableName existing(TableName table) {
        maintenance.table(table, spark);
        return table;
    }
}
