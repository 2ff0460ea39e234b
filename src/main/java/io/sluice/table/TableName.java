package io.sluice.table;

import java.util.Locale;

import org.apache.spark.sql.catalyst.TableIdentifier;

import io.sluice.problem.InvalidRequestException;
import scala.Option;

/** A catalog table, {@code database.table}, checked against the identifier grammar and lower-cased as the metastore keeps it. */
public record TableName(String database, String table) {

    public TableName {
        database = database.toLowerCase(Locale.ROOT);
        table = table.toLowerCase(Locale.ROOT);
    }

    public static TableName parse(String field, String text) {
        if (text == null || text.isBlank()) {
            throw InvalidRequestException.of(field, "a table name 'database.table' is required");
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length != 2 || !Identifiers.isValid(parts[0]) || !Identifiers.isValid(parts[1])) {
            throw InvalidRequestException.of(field, "'%s' is not a valid table name: use 'database.table', each part"
                    + " letters, digits and underscores, starting with a letter or underscore", Identifiers.abbreviate(text));
        }
        return new TableName(parts[0], parts[1]);
    }

    public String quoted() {
        return Identifiers.quote(database) + '.' + Identifiers.quote(table);
    }

    public TableIdentifier identifier() {
        return new TableIdentifier(table, Option.apply(database));
    }

    @Override
    public String toString() {
        return database + '.' + table;
    }
}
