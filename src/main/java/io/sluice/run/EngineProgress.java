package io.sluice.run;

import java.util.List;

import org.apache.spark.SparkJobInfo;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.api.java.JavaSparkStatusTracker;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A running run's Spark work so far, from Spark's status tracker for the run's job group. Spark submits
 * a run's jobs one after another, so the totals are of the jobs submitted yet, not a forecast.
 */
@Schema(description = "Spark's progress on a running run's job group: jobs, stages and tasks done of those submitted so far")
public record EngineProgress(int jobsDone, int jobsTotal, int stagesDone, int stagesTotal, int tasksDone, int tasksTotal,
        int tasksRunning, @Schema(description = "The run's Spark jobs") List<Integer> jobIds,
        @Schema(description = "The Spark UI's jobs page, where the UI is enabled") String sparkUi) {

    public static EngineProgress of(JavaSparkStatusTracker tracker, String jobGroup, String uiUrl) {
        int[] jobs = tracker.getJobIdsForGroup(jobGroup);
        int jobsDone = 0;
        int stagesDone = 0;
        int stagesTotal = 0;
        int tasksDone = 0;
        int tasksTotal = 0;
        int tasksRunning = 0;
        for (int id : jobs) {
            SparkJobInfo job = tracker.getJobInfo(id);
            if (job == null) {
                continue; // evicted from Spark's retained jobs
            }
            if (job.status().name().equals("SUCCEEDED")) {
                jobsDone++;
            }
            for (int stageId : job.stageIds()) {
                SparkStageInfo stage = tracker.getStageInfo(stageId);
                if (stage == null) {
                    continue; // skipped: its output was reused
                }
                stagesTotal++;
                stagesDone += stage.numCompletedTasks() == stage.numTasks() ? 1 : 0;
                tasksDone += stage.numCompletedTasks();
                tasksTotal += stage.numTasks();
                tasksRunning += stage.numActiveTasks();
            }
        }
        return new EngineProgress(jobsDone, jobs.length, stagesDone, stagesTotal, tasksDone, tasksTotal, tasksRunning,
                java.util.Arrays.stream(jobs).boxed().sorted().toList(), uiUrl == null ? null : uiUrl + "/jobs/");
    }
}
