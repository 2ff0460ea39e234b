package io.sluice.write;

/**
 * The named steps of a Parquet commit (data staged, partitions added, swapped). Production ignores
 * them; failure-injection tests throw at one to prove the table survives a failure there.
 */
@FunctionalInterface
public interface Checkpoint {

    Checkpoint NONE = step -> {
    };

    void reached(String step);
}
