package io.sluice.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import io.sluice.table.TablesProperties;

/** The table properties of the Delta tables runs create: sluice.tables.delta, unless sluice.spark.conf names Delta's own default. */
class NewDeltaTablesTests {

    static final String SESSION_DEFAULT = "spark.databricks.delta.properties.defaults.enableDeletionVectors";

    @Test
    void shouldCreateTablesWithDeletionVectorsUnlessConfiguredOtherwise() {
        TablesProperties defaults = bind(Map.of());
        assertThat(defaults.delta().deletionVectors()).isTrue();
        assertThat(defaults.writableDatabases()).isEmpty();
        assertThat(NewDeltaTables.properties(defaults.delta(), Map.of())).isEqualTo(Map.of("delta.enableDeletionVectors", "true"));
    }

    @Test
    void shouldCreateTablesWithoutDeletionVectorsWhenTheSettingIsOff() {
        TablesProperties off = bind(Map.of("sluice.tables.delta.deletion-vectors", "false", "sluice.tables.writable-databases", "Sales"));
        assertThat(off.writableDatabases()).isEqualTo(List.of("sales"));
        assertThat(NewDeltaTables.properties(off.delta(), Map.of())).isEqualTo(Map.of("delta.enableDeletionVectors", "false"));
    }

    @Test
    void shouldLetDeltasSessionDefaultInSparkConfWinOverTheSettingEitherWay() {
        assertThat(NewDeltaTables.properties(new TablesProperties.Delta(true), Map.of(SESSION_DEFAULT, "false")))
                .isEqualTo(Map.of("delta.enableDeletionVectors", "false"));
        assertThat(NewDeltaTables.properties(new TablesProperties.Delta(false), Map.of(SESSION_DEFAULT, "true")))
                .isEqualTo(Map.of("delta.enableDeletionVectors", "true"));
    }

    private static TablesProperties bind(Map<String, String> yaml) {
        return new Binder(new MapConfigurationPropertySource(yaml)).bindOrCreate("sluice.tables", TablesProperties.class);
    }
}
