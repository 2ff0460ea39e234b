package io.sluice.table;

import java.util.List;
import java.util.Locale;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code sluice.tables}: the databases Sluice may change ({@code writable-databases}; empty: any), and how it creates
 * Delta tables ({@code delta.deletion-vectors}: new tables mark deleted rows instead of rewriting files, which needs
 * readers of Delta 2.3+; NewDeltaTables).
 */
@ConfigurationProperties("sluice.tables")
public record TablesProperties(List<String> writableDatabases, @DefaultValue Delta delta) {

    public TablesProperties {
        writableDatabases = writableDatabases == null ? List.of()
                : writableDatabases.stream().map(d -> d.strip().toLowerCase(Locale.ROOT)).toList();
    }

    public record Delta(@DefaultValue("true") boolean deletionVectors) {
    }
}
