package io.sluice.format;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.actions.Format;
import org.apache.spark.sql.delta.actions.Metadata;
import org.apache.spark.sql.delta.actions.Protocol;
import org.apache.spark.sql.types.StructType;
import org.springframework.stereotype.Component;

import io.sluice.spark.SparkProperties;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;
import io.sluice.table.TablesProperties;
import io.sluice.table.DeltaProtocol;

/**
 * The table properties a run gives the Delta tables it creates. They are set on the table, not as session defaults, so
 * that each table records its own choice and a table created elsewhere in the session is not affected.
 */
@Component
public class NewDeltaTables {

    /** Delta's session default for new tables: named in {@code sluice.spark.conf}, it wins, as it did before the setting. */
    static final String SESSION_DEFAULT = "spark.databricks.delta.properties.defaults.enableDeletionVectors";

    private final Map<String, String> properties;

    public NewDeltaTables(TablesProperties tables, SparkProperties spark) {
        this.properties = properties(tables.delta(), spark.conf());
    }

    static Map<String, String> properties(TablesProperties.Delta delta, Map<String, String> sparkConf) {
        return Map.of(DeltaProtocol.DELETION_VECTORS, sparkConf.getOrDefault(SESSION_DEFAULT, Boolean.toString(delta.deletionVectors())));
    }

    /** The properties of a new Delta table. */
    public Map<String, String> properties() {
        return properties;
    }

    /** The protocol Delta would give a new table of these columns with these properties (for a dry run: nothing is written). */
    public DeltaProtocol protocol(SparkSession session, StructType schema, List<String> partitionBy) {
        Metadata metadata = new Metadata(UUID.randomUUID().toString(), null, null, new Format("parquet", scalaMap(Map.of())),
                schema.json(), CollectionConverters.asScala(partitionBy).toList(), scalaMap(properties), Option.empty());
        Protocol protocol = Protocol.forNewTable(session, Option.apply(metadata));
        return DeltaProtocol.of(protocol, properties);
    }

    private static scala.collection.immutable.Map<String, String> scalaMap(Map<String, String> map) {
        return scala.collection.immutable.Map$.MODULE$.from(CollectionConverters.asScala(map));
    }
}
