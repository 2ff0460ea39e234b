package io.sluice.run.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.openlineage.client.OpenLineage.RunEvent;
import io.openlineage.client.OpenLineage.RunEvent.EventType;
import io.openlineage.client.OpenLineageClientUtils;
import io.openlineage.client.utils.DatasetIdentifier;
import io.sluice.run.ErrorCode;
import io.sluice.run.Run;
import io.sluice.run.RunError;
import io.sluice.run.RunKind;
import io.sluice.run.RunPlan;
import io.sluice.run.RunStatus;
import io.sluice.run.Vacuum;
import io.sluice.table.TableFormat;
import io.sluice.table.TableName;

/** A maintenance run's events, and how a cancelled or failed run ends, without Spark or Spring. */
class LineageEventsTests {

    final LineageEvents events = new LineageEvents(URI.create("urn:sluice"), "lake");
    final TableName table = TableName.parse("table", "demo.events");
    final RunPlan vacuum = RunPlan.of(table, new Vacuum(Duration.ofDays(7), 10), null);
    final DatasetIdentifier output = LineageDatasets.table(URI.create("file:/srv/warehouse/demo.db/events"), table, "file:/srv/warehouse");
    final OffsetDateTime started = OffsetDateTime.parse("2024-08-01T12:00:00Z");
    final OffsetDateTime finished = OffsetDateTime.parse("2024-08-01T12:00:05Z");

    @Test
    void shouldNameAMaintenanceJobByItsKindWithNoInputForAVacuum() {
        assertThat(LineageEvents.jobName(vacuum)).isEqualTo("demo.events.vacuum");
        assertThat(LineageDatasets.inputs(vacuum, null, name -> { throw new AssertionError("a vacuum reads no table"); })).isEmpty();

        RunEvent start = roundTrip(events.started(vacuum, started.toZonedDateTime(), List.of(), output));
        assertThat(start.getEventType()).isEqualTo(EventType.START);
        assertThat(start.getJob().getNamespace()).isEqualTo("lake");
        assertThat(start.getJob().getFacets().getJobType().getJobType()).isEqualTo("VACUUM");
        assertThat(start.getRun().getRunId()).isEqualTo(vacuum.id());
        assertThat(start.getEventTime().toOffsetDateTime()).isEqualTo(started);
        assertThat(start.getOutputs()).singleElement().satisfies(table -> {
            assertThat(table.getName()).isEqualTo("/srv/warehouse/demo.db/events");
            assertThat(table.getFacets().getSymlinks().getIdentifiers()).singleElement()
                    .satisfies(link -> assertThat(link.getName()).isEqualTo("demo.events"));
        });
    }

    @Test
    void shouldAbortACancelledRunWithoutAnErrorAndFailAFailedOneWithIt() {
        RunEvent aborted = roundTrip(events.ended(vacuum, ended(RunStatus.CANCELLED, RunError.of(ErrorCode.CANCELLED, "cancelled by request")),
                List.of(), output, null));
        assertThat(aborted.getEventType()).isEqualTo(EventType.ABORT);
        assertThat(aborted.getEventTime().toOffsetDateTime()).isEqualTo(finished);
        assertThat(aborted.getRun().getFacets().getErrorMessage()).isNull();

        RunEvent failed = roundTrip(events.ended(vacuum, ended(RunStatus.FAILED, RunError.of(ErrorCode.ENGINE_ERROR, "disk full")),
                List.of(), output, null));
        assertThat(failed.getEventType()).isEqualTo(EventType.FAIL);
        assertThat(failed.getRun().getFacets().getErrorMessage().getMessage()).isEqualTo("ENGINE_ERROR: disk full");
        assertThat(failed.getRun().getFacets().getErrorMessage().getProgrammingLanguage()).isEqualTo("Java");
        assertThat(failed.getOutputs().get(0).getFacets().getVersion()).as("nothing committed").isNull();
        assertThat(failed.getOutputs().get(0).getOutputFacets()).isNull();
    }

    private Run ended(RunStatus status, RunError error) {
        return new Run(vacuum.id(), status, table.toString(), RunKind.VACUUM, TableFormat.DELTA, List.of(),
                vacuum.summary(), started, started, finished, 3L, null, null, error, status == RunStatus.CANCELLED, null, null, null, null,
                null, null, null, null, null);
    }

    /** As a receiver reads it: the client's own JSON, parsed back by the client. */
    private static RunEvent roundTrip(RunEvent event) {
        return OpenLineageClientUtils.runEventFromJson(OpenLineageClientUtils.toJson(event));
    }
}
