package io.sluice.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.sluice.SluiceProperties;
import io.sluice.support.SluiceClient;
import io.sluice.support.SluiceIntegrationTest;
import tools.jackson.databind.JsonNode;

/** Every log line of a run names it: Sluice's own lines and those Spark's task threads write. */
@SluiceIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class RunLogsIntegrationTests {

    @Autowired
    SluiceClient sluice;

    @Autowired
    SluiceProperties properties;

    @Test
    void shouldPutTheRunIdAndTableIntoTheMdcOfSluiceAndOfSparkTaskThreads(CapturedOutput output) throws Exception {
        String table = SluiceClient.uniqueTable("run_logs");
        // A header that does not match the schema's names: Spark's CSV reader warns from the task thread, and reads on
        Path csv = Files.createDirectories(properties.resolve("inbox").resolve(table)).resolve("renamed.csv");
        Files.writeString(csv, "ident,label\n1,a\n2,b\n");
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        root.addAppender(appender);
        JsonNode run;
        try {
            run = sluice.submitAndAwait("""
                    {"table": "%s", "strategy": "append",
                     "source": {"type": "files", "format": "csv", "path": "%s", "options": {"header": "true"},
                                "schema": "id BIGINT, name STRING"}}""".formatted(table, csv));
        } finally {
            root.detachAppender(appender);
        }
        assertThat(run.get("status").asString()).as("%s", run).isEqualTo("SUCCEEDED");
        String id = run.get("id").asString();
        List<ILoggingEvent> events = List.copyOf(appender.list);

        ILoggingEvent started = events.stream().filter(e -> e.getFormattedMessage().startsWith("Run started")).findFirst().orElseThrow();
        assertThat(started.getMDCPropertyMap()).containsEntry("runId", id).containsEntry("table", table);
        ILoggingEvent taskWarning = events.stream().filter(e -> e.getFormattedMessage().contains("CSV header does not conform"))
                .findFirst().orElseThrow(() -> new AssertionError("no CSV header warning among " + events.size() + " events"));
        assertThat(taskWarning.getThreadName()).startsWith("Executor task launch worker");
        Map<String, String> mdc = taskWarning.getMDCPropertyMap();
        // Spark copies the run's mdc.* local properties into its task threads' MDC under their full names
        assertThat(mdc).as("the task thread's MDC").containsEntry("mdc.runId", id).containsEntry("mdc.table", table);
        // the plain-text line shows them after the level
        assertThat(output.getOut()).containsPattern("WARN run=" + id + " table=" + table + " .*CSV header does not conform")
                .containsPattern("INFO run=" + id + " table=" + table + " .*Run started");
    }
}
