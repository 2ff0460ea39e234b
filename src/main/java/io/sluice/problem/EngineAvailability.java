package io.sluice.problem;

import java.util.Optional;

/** Whether work that needs the engine can be taken now; the engine's warm-up answers it. */
public interface EngineAvailability {

    /** Why work that needs the engine is refused now, if it is. */
    Optional<EngineUnavailableException> refusal();

    /** The refusal, if there is one and it explains {@code failure} (the catalog did not answer). */
    Optional<EngineUnavailableException> explaining(Throwable failure);

    default void check() {
        Optional<EngineUnavailableException> refusal = refusal();
        if (refusal.isPresent()) {
            throw refusal.get();
        }
    }
}
