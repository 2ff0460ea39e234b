package io.sluice.strategy;

import java.util.List;

import io.sluice.problem.InvalidRequestException;

/** The source has several rows for one key and the policy is {@code fail}. */
public class DuplicateKeysException extends InvalidRequestException {

    public DuplicateKeysException(long repeatedKeys, List<String> sample) {
        super(List.of(new Violation("keys", "%d key(s) occur more than once in the source, e.g. %s; deduplicate the source or"
                .formatted(repeatedKeys, sample) + " set duplicates=keep_latest with orderBy")));
    }
}
