package io.sluice.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.sluice.client.api.HistoryApi;
import io.sluice.client.api.RunsApi;
import io.sluice.client.api.TablesApi;
import io.sluice.client.model.HistoryEntry;
import io.sluice.client.model.InlineSource;
import io.sluice.client.model.Run;
import io.sluice.client.model.RunRequest;
import io.sluice.client.model.SourceSpec;
import io.sluice.client.model.TablePreview;
import io.sluice.support.SluiceClient;
import io.sluice.support.SluiceIntegrationTest;

/**
 * The proof that the OpenAPI document serves a client generator: the Java client the build generated from it
 * (openapi-generator, java/native, io.sluice.client) drives a whole run: submit, wait, preview, history.
 */
@SluiceIntegrationTest
class GeneratedClientIntegrationTests {

    @Autowired
    Environment environment;

    RunsApi runs;
    TablesApi tables;
    HistoryApi history;

    @BeforeEach
    void client() {
        // submitRun's 200 is a oneOf (a dry run's plan, or a replayed run) without a property to tell them apart: the
        // generated deserializer tries each, and only a mapper that refuses unknown properties lets exactly one match
        ObjectMapper mapper = ApiClient.createDefaultObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        ApiClient client = new ApiClient(HttpClient.newBuilder(), mapper, "http://127.0.0.1:" + environment.getProperty("local.server.port"));
        // the native library has no authentication of its own: the document's apiKey scheme, sent as the scheme says
        client.setRequestInterceptor(request -> request.header("X-API-Key", SluiceClient.OPERATOR_KEY));
        runs = new RunsApi(client);
        tables = new TablesApi(client);
        history = new HistoryApi(client);
    }

    @Test
    void shouldSubmitAwaitPreviewAndReadTheHistoryOfARun() throws ApiException {
        String table = SluiceClient.uniqueTable("generated_client");
        RunRequest request = new RunRequest().table(table).strategy(RunRequest.StrategyEnum.APPEND)
                .source(new SourceSpec(new InlineSource().type(InlineSource.TypeEnum.INLINE).schema("id BIGINT, name STRING")
                        .rows(List.of(Map.of("id", 1, "name", "a"), Map.of("id", 2, "name", "b")))));

        Run submitted = (Run) runs.submitRun(request, false, null).getActualInstance();
        assertThat(submitted.getStatus()).isEqualTo(Run.StatusEnum.QUEUED);
        Run ended = await(submitted.getId());

        assertThat(ended.getStatus()).isEqualTo(Run.StatusEnum.SUCCEEDED);
        assertThat(ended.getTable()).isEqualTo(table);
        assertThat(ended.getTableVersionAfter()).isZero();
        assertThat(ended.getMetrics().getRowsInserted()).isEqualTo(2);
        TablePreview preview = tables.previewTable(table, 100);
        assertThat(preview.getColumns()).containsExactly("id", "name");
        assertThat(preview.getRows()).containsExactlyInAnyOrder(Map.of("id", 1, "name", "a"), Map.of("id", 2, "name", "b"));
        List<HistoryEntry> versions = history.tableHistory(table, null);
        assertThat(versions).hasSize(1);
        assertThat(versions.get(0).getVersion()).isZero();
        assertThat(versions.get(0).getRunId()).isEqualTo(submitted.getId());
        assertThat(versions.get(0).getOperation()).isEqualTo("CREATE TABLE AS SELECT");
    }

    /** The long poll, as an orchestrator would use it: a request answers as the run ends, at most 30 s later. */
    private Run await(UUID id) throws ApiException {
        for (int polls = 0; polls < 4; polls++) {
            Run run = runs.getRun(id, 30);
            if (run.getStatus() != Run.StatusEnum.QUEUED && run.getStatus() != Run.StatusEnum.RUNNING) {
                return run;
            }
        }
        throw new AssertionError("run " + id + " still active after 2 minutes");
    }
}
