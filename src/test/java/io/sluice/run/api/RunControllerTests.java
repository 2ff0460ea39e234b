package io.sluice.run.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.problem.ConflictException;
import io.sluice.problem.EngineUnavailableException;
import io.sluice.web.EnumNames;
import io.sluice.problem.InvalidRequestException;
import io.sluice.problem.NotFoundException;
import io.sluice.problem.OverloadedException;
import io.sluice.table.TableFormat;
import io.sluice.run.RunStatus;
import io.sluice.run.RunQuery;
import io.sluice.run.RunPreview;
import io.sluice.run.RunPage;
import io.sluice.run.Run;
import io.sluice.run.RunKind;

/** The controller alone: security and the servlet filters are the integration tests' (SecurityIntegrationTests). */
@WebMvcTest(RunController.class)
@AutoConfigureMockMvc(addFilters = false)
@Import({ RunControllerTests.Meters.class, EnumNames.class }) // the slice has none of the app's own mapper settings
class RunControllerTests {

    @TestConfiguration
    static class Meters {
        @Bean
        MeterRegistry meters() {
            return new SimpleMeterRegistry();
        }
    }

    static final String VALID = """
            {"table": "demo.events", "strategy": "append", "partitionBy": ["event_date"],
             "source": {"type": "inline", "schema": "id BIGINT, event_date DATE", "rows": [{"id": 1, "event_date": "2024-08-01"}]}}""";

    @Autowired
    MockMvc mvc;

    @MockitoBean
    RunService runs;

    @Test
    void shouldAcceptARunWith202AndItsLocation() throws Exception {
        Run run = run(RunStatus.QUEUED);
        given(runs.submit(any())).willReturn(new RunService.Submission(run, false));
        submit(VALID).andExpect(status().isAccepted())
                .andExpect(header().string("Location", "/api/v1/runs/" + run.id()))
                .andExpect(jsonPath("$.id").value(run.id().toString()))
                .andExpect(jsonPath("$.status").value("QUEUED"))
                .andExpect(jsonPath("$.strategy").value("append"))
                .andExpect(jsonPath("$.format").value("delta"));
    }

    @Test
    void shouldAnswerADryRunWith200AndThePlan() throws Exception {
        given(runs.dryRun(any())).willReturn(new RunPreview("demo.events", "append", true, 3L, null, 1, 0, List.of(), 0L, List.of(),
                List.of(), null, List.of(), null, null, null));
        mvc.perform(post("/api/v1/runs").param("dryRun", "true").contentType(MediaType.APPLICATION_JSON).content(VALID))
                .andExpect(status().isOk())
                .andExpect(header().doesNotExist("Location"))
                .andExpect(jsonPath("$.tableVersion").value(3))
                .andExpect(jsonPath("$.rowsIn").value(1));
    }

    @Test
    void shouldAnswerMalformedJsonWith400Problem() throws Exception {
        submit("{\"table\": ").andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("urn:sluice:problem:malformed-request"))
                .andExpect(jsonPath("$.status").value(400));
    }

    @Test
    void shouldAnswerAWrongFieldShapeWith400NamingTheField() throws Exception {
        submit(VALID.replace("[\"event_date\"]", "\"event_date\"")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("partitionBy")));
    }

    @Test
    void shouldAnswerMissingFieldsWith422ListingEach() throws Exception {
        submit("{}").andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type").value("urn:sluice:problem:invalid-request"))
                .andExpect(jsonPath("$.errors[?(@.field == 'table')]").exists())
                .andExpect(jsonPath("$.errors[?(@.field == 'strategy')]").exists())
                .andExpect(jsonPath("$.errors[?(@.field == 'source')]").exists());
    }

    @Test
    void shouldAnswerAnUnknownStrategyWith422ListingTheKnownOnes() throws Exception {
        submit(VALID.replace("\"append\"", "\"upsert\"")).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("strategy"))
                .andExpect(jsonPath("$.errors[0].message").value(
                        "unknown value 'upsert'; use one of: append, drop_partition, dynamic_overwrite, merge, apply_changes"));
    }

    @Test
    void shouldAnswerAnUnknownSourceTypeWith422() throws Exception {
        submit(VALID.replace("\"inline\"", "\"ftp\"")).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("source.type"))
                .andExpect(jsonPath("$.errors[0].message").value("unknown type 'ftp'; use one of: inline, files, jdbc, http, staging"));
    }

    @Test
    void shouldAnswerAnUnknownFieldWith422() throws Exception {
        submit(VALID.replace("\"partitionBy\"", "\"partitonBy\"")).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].message").value("unknown field 'partitonBy'"));
    }

    @Test
    void shouldPassTheServicesViolationsThrough() throws Exception {
        given(runs.submit(any())).willThrow(InvalidRequestException.of("source.path", "'/etc' is outside the allowed roots"));
        submit(VALID).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("source.path"))
                .andExpect(jsonPath("$.detail").value("source.path: '/etc' is outside the allowed roots"));
    }

    @Test
    void shouldAnswer503WithRetryAfterWhenTheQueueIsFull() throws Exception {
        given(runs.submit(any())).willThrow(new OverloadedException("queue full", Duration.ofSeconds(30)));
        submit(VALID).andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "30"))
                .andExpect(jsonPath("$.type").value("urn:sluice:problem:overloaded"));
    }

    @Test
    void shouldAnswer503WithTheWarmUpsReasonAndRetryAfterWhileTheEngineIsUnavailable() throws Exception {
        given(runs.submit(any())).willThrow(new EngineUnavailableException("the engine is unavailable: cannot reach the metastore",
                Duration.ofSeconds(16)));
        submit(VALID).andExpect(status().isServiceUnavailable())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(header().string("Retry-After", "16"))
                .andExpect(jsonPath("$.type").value("urn:sluice:problem:engine-unavailable"))
                .andExpect(jsonPath("$.detail").value("the engine is unavailable: cannot reach the metastore"));
    }

    @Test
    void shouldAnswerAnUnknownRunWith404() throws Exception {
        UUID id = UUID.randomUUID();
        given(runs.await(eq(id), any())).willThrow(new NotFoundException("run", "no run with id " + id));
        mvc.perform(get("/api/v1/runs/" + id)).andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("urn:sluice:problem:run-not-found"))
                .andExpect(jsonPath("$.instance").value("/api/v1/runs/" + id));
    }

    @Test
    void shouldAnswerARunIdThatIsNoUuidWith400() throws Exception {
        mvc.perform(get("/api/v1/runs/not-a-uuid")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("urn:sluice:problem:malformed-request"));
    }

    @Test
    void shouldWaitForTheRunToEndWhenAskedTo() throws Exception {
        Run done = run(RunStatus.SUCCEEDED);
        given(runs.await(done.id(), Duration.ofSeconds(30))).willReturn(done);
        mvc.perform(get("/api/v1/runs/" + done.id()).param("waitSeconds", "30")).andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("SUCCEEDED"));
        mvc.perform(get("/api/v1/runs/" + done.id()).param("waitSeconds", "61")).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("waitSeconds"));
    }

    @Test
    void shouldRefuseAPageSizeOutOfRangeWith422() throws Exception {
        mvc.perform(get("/api/v1/runs").param("size", "0")).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("size"));
    }

    @Test
    void shouldRefuseABadTableFilterWith422() throws Exception {
        mvc.perform(get("/api/v1/runs").param("table", "x;drop")).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("table"));
    }

    @Test
    void shouldListWithFilters() throws Exception {
        given(runs.list(new RunQuery("demo.events", RunStatus.FAILED, 1, 5))).willReturn(new RunPage(List.of(run(RunStatus.FAILED)), 1, 5, 6));
        mvc.perform(get("/api/v1/runs").param("table", "Demo.Events").param("status", "FAILED").param("page", "1").param("size", "5"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[0].status").value("FAILED"))
                .andExpect(jsonPath("$.total").value(6));
    }

    @Test
    void shouldCancelAQueuedRunAtOnceAndARunningOneAsynchronously() throws Exception {
        Run cancelled = run(RunStatus.CANCELLED);
        given(runs.cancel(cancelled.id())).willReturn(cancelled);
        mvc.perform(delete("/api/v1/runs/" + cancelled.id())).andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("CANCELLED"));

        Run running = run(RunStatus.RUNNING);
        given(runs.cancel(running.id())).willReturn(running);
        mvc.perform(delete("/api/v1/runs/" + running.id())).andExpect(status().isAccepted());
    }

    @Test
    void shouldAnswerCancellingAFinishedRunWith409() throws Exception {
        UUID id = UUID.randomUUID();
        given(runs.cancel(id)).willThrow(new ConflictException("run is already SUCCEEDED"));
        mvc.perform(delete("/api/v1/runs/" + id)).andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("urn:sluice:problem:conflict"));
    }

    @Test
    void shouldNeverShowAStackTrace() throws Exception {
        given(runs.submit(any())).willThrow(new IllegalStateException("secret internals at io.sluice.Foo"));
        submit(VALID).andExpect(status().isInternalServerError())
                .andExpect(jsonPath("$.type").value("urn:sluice:problem:internal-error"))
                .andExpect(content().string(not(containsString("secret"))))
                .andExpect(content().string(not(containsString("Exception"))));
    }

    private ResultActions submit(String body) throws Exception {
        return mvc.perform(post("/api/v1/runs").contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private static Run run(RunStatus status) {
        return new Run(UUID.randomUUID(), status, "demo.events", RunKind.APPEND, TableFormat.DELTA, List.of("event_date"),
                new Run.SourceSummary("inline", "1 inline row"), OffsetDateTime.now(), null, null, null, null, null, null, false, null, null, null, null, null, null, null, null, null);
    }
}
