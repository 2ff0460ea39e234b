package io.sluice.run;

import java.util.EnumSet;
import java.util.Set;

import tools.jackson.databind.EnumNamingStrategies.UpperSnakeCaseStrategy;
import tools.jackson.databind.annotation.EnumNaming;

/**
 * Lifecycle of a run: QUEUED → RUNNING → SUCCEEDED | FAILED | CANCELLED, and QUEUED → CANCELLED |
 * FAILED (cancelled or interrupted before it started). Outcome details (error code, message) live
 * apart from the status, in {@link RunError}.
 */
@EnumNaming(UpperSnakeCaseStrategy.class) // a status, upper case in JSON; other enums are lower (EnumNames)
public enum RunStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    /** Queued or running: holds (or waits for) its table. */
    public boolean isActive() {
        return this == QUEUED || this == RUNNING;
    }

    public boolean isTerminal() {
        return !isActive();
    }

    public boolean isUnsuccessful() {
        return this == FAILED || this == CANCELLED;
    }

    public boolean canTransitionTo(RunStatus next) {
        return switch (this) {
            case QUEUED -> next == RUNNING || next == CANCELLED || next == FAILED;
            case RUNNING -> next.isTerminal();
            case SUCCEEDED, FAILED, CANCELLED -> false;
        };
    }

    public static Set<RunStatus> active() {
        return EnumSet.of(QUEUED, RUNNING);
    }
}
