package io.sluice.write;

/**
 * Told each {@link FaultStep} a run reaches (data staged, partitions added, swapped...). Production
 * ignores them; failure-injection tests throw at one to prove the table survives a failure there.
 */
@FunctionalInterface
public interface Checkpoint {

    Checkpoint NONE = step -> {
    };

    void reached(FaultStep step);
}
