package io.sluice.format;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.actions.Action;

import scala.Option;
import scala.Tuple2;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Reads commits from a Delta table's log on the driver. Delta's DataFrame history API starts Spark
 * jobs for the same facts; reading the commit files directly keeps a run's bookkeeping in milliseconds.
 */
final class DeltaCommits {

    private DeltaCommits() {
    }

    /** The commits after {@code afterVersion}, oldest first. */
    public static List<CommitInfo> since(DeltaLog log, long afterVersion) {
        List<CommitInfo> commits = new ArrayList<>();
        scala.collection.Iterator<Tuple2<Object, scala.collection.immutable.Seq<Action>>> changes =
                log.getChanges(afterVersion + 1, Option.empty(), false);
        while (changes.hasNext()) {
            Tuple2<Object, scala.collection.immutable.Seq<Action>> change = changes.next();
            long version = (Long) change._1();
            CollectionConverters.asJava(change._2()).stream()
                    .filter(org.apache.spark.sql.delta.actions.CommitInfo.class::isInstance)
                    .map(org.apache.spark.sql.delta.actions.CommitInfo.class::cast)
                    .findFirst()
                    .ifPresent(info -> commits.add(commit(version, info)));
        }
        return commits;
    }

    /** How far back a reconciliation looks: one writer per table, so a run's commit is among the latest. */
    static final int RECENT = 100;

    /** The newest of the table's recent commits that matches, if any. */
    public static Optional<CommitInfo> findRecent(DeltaLog log, long latestVersion, Predicate<CommitInfo> wanted) {
        List<CommitInfo> recent = since(log, Math.max(-1, latestVersion - RECENT));
        for (int i = recent.size() - 1; i >= 0; i--) {
            if (wanted.test(recent.get(i))) {
                return Optional.of(recent.get(i));
            }
        }
        return Optional.empty();
    }

    private static CommitInfo commit(long version, org.apache.spark.sql.delta.actions.CommitInfo info) {
        Map<String, String> metrics = info.operationMetrics().isDefined()
                ? Map.copyOf(CollectionConverters.asJava(info.operationMetrics().get())) : Map.of();
        return new CommitInfo(version, info.timestamp().toInstant(), info.operation(), metrics,
                info.userMetadata().isDefined() ? info.userMetadata().get() : null);
    }
}
