package io.sluice.strategy;

import java.util.List;

import io.sluice.problem.InvalidRequestException;

/** The source's columns do not fit the table under the schema policy, or a type cannot be widened safely. */
public class SchemaMismatchException extends InvalidRequestException {

    public SchemaMismatchException(List<String> differences) {
        super(differences.stream().map(difference -> new Violation("schemaPolicy", difference)).toList());
    }
}
