package io.sluice.table;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.spark.sql.delta.actions.Protocol;

import io.swagger.v3.oas.annotations.media.Schema;
import scala.jdk.javaapi.CollectionConverters;

/**
 * What a Delta table asks of its readers and writers: protocol versions and table features (from the log's snapshot),
 * and whether it writes deletion vectors. A reader must support every listed reader feature.
 */
@Schema(description = "The Delta protocol of a table: the reader and writer versions and features it requires")
public record DeltaProtocol(
        @Schema(description = "Readers must support this protocol version", example = "3") int minReaderVersion,
        @Schema(description = "Writers must support this protocol version", example = "7") int minWriterVersion,
        @Schema(description = "Features readers must support (reader version 3); empty below it", example = "[\"deletionVectors\"]")
        List<String> readerFeatures,
        @Schema(description = "Features writers must support (writer version 7); empty below it", example = "[\"deletionVectors\"]")
        List<String> writerFeatures,
        @Schema(description = "Updates and deletes mark rows in deletion vectors (delta.enableDeletionVectors) instead of rewriting files")
        boolean deletionVectors) {

    public static final String DELETION_VECTORS = "delta.enableDeletionVectors";

    public DeltaProtocol {
        readerFeatures = List.copyOf(readerFeatures);
        writerFeatures = List.copyOf(writerFeatures);
    }

    public static DeltaProtocol of(Protocol protocol, Map<String, String> configuration) {
        return new DeltaProtocol(protocol.minReaderVersion(), protocol.minWriterVersion(), sorted(protocol.readerFeatureNames()),
                sorted(protocol.writerFeatureNames()),
                "true".equals(configuration.getOrDefault(DELETION_VECTORS, "false").strip().toLowerCase(Locale.ROOT)));
    }

    private static List<String> sorted(scala.collection.immutable.Set<String> names) {
        return CollectionConverters.asJava(names).stream().sorted().toList();
    }
}
