package io.sluice.spark;

/**
 * Where the warm-up stands: {@code attempts} made so far, why the last one failed ({@code failure}, null unless
 * FAILED), and how long the successful one took ({@code tookMillis}, -1 until READY).
 */
public record WarmupStatus(EngineWarmup.State state, int attempts, String failure, long tookMillis) {

    static final WarmupStatus PENDING = new WarmupStatus(EngineWarmup.State.PENDING, 0, null, -1);

    WarmupStatus warming() {
        // after a failure readiness keeps saying why until an attempt succeeds, rather than flipping to "warming up"
        return new WarmupStatus(state == EngineWarmup.State.FAILED ? state : EngineWarmup.State.WARMING, attempts + 1, failure, -1);
    }

    WarmupStatus failed(String why) {
        return new WarmupStatus(EngineWarmup.State.FAILED, attempts, why, -1);
    }

    WarmupStatus ready(long millis) {
        return new WarmupStatus(EngineWarmup.State.READY, attempts, null, millis);
    }
}
