import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Another engine on the shared metastore: plain Spark and Delta, no Sluice classes (SharedCatalogIT). One long-lived
 * session; each table name read on stdin is answered on stdout with the table's rows, each "ROW " and a JSON object of
 * its columns as text (sorted), then "END <count>"; or "ERROR <message>". It says first whether Sluice's classes are
 * on its classpath (they must not be).
 * Usage: java -cp <Spark, Delta, Hive jars> Reader.java thrift://host:port
 */
public class Reader {

    public static void main(String[] args) throws Exception {
        SparkSession spark = SparkSession.builder().master("local[1]").appName("independent-reader")
                .config("spark.hadoop.hive.metastore.uris", args[0])
                .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.sql.shuffle.partitions", "1")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .enableHiveSupport().getOrCreate();
        System.out.println("READY " + spark.version() + " sluice-classes=" + present("io.sluice.SluiceApplication"));
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String table = in.readLine(); table != null; table = in.readLine()) {
            try {
                // A Parquet table's file listing is cached by the session: another process changed it, so refresh first,
                // as Spark documents for any table written elsewhere. A Delta table reads its log anew anyway.
                spark.sql("REFRESH TABLE " + table.strip());
                Dataset<Row> rows = spark.table(table.strip());
                Column[] text = Arrays.stream(rows.columns()).map(name -> functions.col(name).cast("string").as(name)).toArray(Column[]::new);
                List<String> json = rows.select(text).toJSON().collectAsList().stream().sorted().toList();
                json.forEach(row -> System.out.println("ROW " + row));
                System.out.println("END " + json.size());
            } catch (Exception e) {
                System.out.println("ERROR " + String.valueOf(e.getMessage()).lines().findFirst().orElse(e.getClass().getName()));
            }
            System.out.flush();
        }
        spark.stop();
    }

    private static String present(String className) {
        try {
            Class.forName(className);
            return "present";
        } catch (ClassNotFoundException expected) {
            return "absent";
        }
    }
}
