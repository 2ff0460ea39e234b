package io.sluice.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.sluice.problem.InvalidRequestException;
import io.sluice.problem.InvalidRequestException.Violation;

/** Schema DDL from requests: every name at any depth follows the identifier grammar. */
class SchemasTests {

    @ParameterizedTest
    @ValueSource(strings = { "s STRUCT<`a;b`: INT>", "s ARRAY<STRUCT<`x) --`: INT>>", "s MAP<STRING, STRUCT<`a b`: INT>>",
            "s STRUCT<ok: STRUCT<`bad;`: INT>>" })
    void shouldRefuseANestedFieldNameOutsideTheIdentifierGrammar(String ddl) {
        assertThatThrownBy(() -> Schemas.parse("source.schema", ddl)).isInstanceOfSatisfying(InvalidRequestException.class,
                e -> assertThat(e.violations()).singleElement().satisfies(v -> {
                    assertThat(v.field()).isEqualTo("source.schema");
                    assertThat(v.message()).endsWith("is not a valid column name: use letters, digits and underscores, starting with a"
                            + " letter or underscore (at most 128)");
                }));
    }

    @ParameterizedTest
    @ValueSource(strings = { "s STRUCT<a: INT, A: STRING>" })
    void shouldRefuseANestedFieldTwice(String ddl) {
        assertThatThrownBy(() -> Schemas.parse("source.schema", ddl)).isInstanceOfSatisfying(InvalidRequestException.class,
                e -> assertThat(e.violations()).containsExactly(new Violation("source.schema", "column 'A' appears twice")));
    }

    @ParameterizedTest
    @ValueSource(strings = { "id BIGINT, s STRUCT<a: INT, b_2: ARRAY<STRUCT<_c: DATE>>>, m MAP<STRING, STRUCT<d: INT>>" })
    void shouldAcceptNestedIdentifiers(String ddl) {
        assertThat(Schemas.parse("source.schema", ddl).fieldNames()).containsExactly("id", "s", "m");
    }
}
