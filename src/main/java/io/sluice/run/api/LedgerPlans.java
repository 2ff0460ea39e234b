package io.sluice.run.api;

import org.apache.spark.sql.SparkSession;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

import io.sluice.run.Compaction;
import io.sluice.run.RestoreTarget;
import io.sluice.run.RunPlan;
import io.sluice.run.TableShape;
import io.sluice.run.Vacuum;
import io.sluice.run.execution.QueuedPlans;
import io.sluice.run.history.TableRestore;
import io.sluice.run.ledger.QueuedRuns.QueuedRun;
import io.sluice.run.maintenance.TableMaintenance;
import io.sluice.table.TableName;
import tools.jackson.databind.json.JsonMapper;

/**
 * With several replicas a run may be taken by another replica than the one that checked it: the ledger's request (the run
 * request, or the operation for a restore or maintenance run) is checked again there, as its submission was.
 */
@Component
@ConditionalOnBooleanProperty("sluice.cluster.enabled")
class LedgerPlans implements QueuedPlans {

    private final RunRequestValidator validator;
    private final TableRestore restorer;
    private final TableMaintenance maintenance;
    private final SparkSession spark;
    private final JsonMapper json;

    LedgerPlans(RunRequestValidator validator, TableRestore restorer, TableMaintenance maintenance, SparkSession spark, JsonMapper json) {
        this.validator = validator;
        this.restorer = restorer;
        this.maintenance = maintenance;
        this.spark = spark;
        this.json = json;
    }

    @Override
    public RunPlan plan(QueuedRun run) {
        TableName table = TableName.parse("table", run.table());
        RunPlan plan = switch (run.kind()) {
            case RESTORE -> {
                RestoreTarget target = json.readValue(run.requestJson(), RestoreTarget.class);
                yield RunPlan.of(table, target, TableShape.of(restorer.check(RunPlan.of(table, target, null), spark.newSession())));
            }
            case COMPACT -> RunPlan.of(table, json.readValue(run.requestJson(), Compaction.class),
                    TableShape.of(maintenance.table(table, spark.newSession())));
            case VACUUM -> RunPlan.of(table, json.readValue(run.requestJson(), Vacuum.class),
                    TableShape.of(maintenance.table(table, spark.newSession())));
            default -> validator.plan(json.readValue(run.requestJson(), RunRequest.class));
        };
        return plan.reissued(run.id(), run.retryOf());
    }
}
