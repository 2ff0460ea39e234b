package io.sluice.run;

import java.util.Arrays;

import tools.jackson.databind.EnumNamingStrategies.UpperSnakeCaseStrategy;
import tools.jackson.databind.annotation.EnumNaming;

/**
 * Why a run did not succeed, as {@code error.code} shows it and the ledger stores it (its name, upper
 * case). Clients branch on these names: add codes, never rename one.
 */
@EnumNaming(UpperSnakeCaseStrategy.class) // a code, upper case in JSON; other enums are lower (EnumNames)
public enum ErrorCode {
    SOURCE_NOT_FOUND, SOURCE_MALFORMED, SOURCE_FAILED, SCHEMA_MISMATCH, INVALID_REQUEST, DUPLICATE_KEYS, TABLE_CONFLICT,
    /** Rows failed an expectation whose action is fail: nothing committed. */
    EXPECTATION_FAILED,
    /** The engine failed for a reason none of the codes above names. */
    ENGINE_ERROR,
    /** Anything else: a fault of the service. */
    INTERNAL_ERROR,
    /** The service stopped (or was killed) while the run was queued or running. */
    INTERRUPTED,
    CANCELLED,
    /** The queue refused the run after it was recorded. */
    REJECTED;

    /** Codes that describe the user's data or request, not a fault of the service: no stack trace needed. */
    public boolean isUserError() {
        return this != ENGINE_ERROR && this != INTERNAL_ERROR;
    }

    /** A code as the ledger stored it; one this version does not know (written by a newer one) reads as INTERNAL_ERROR. */
    public static ErrorCode ofStored(String name) {
        return Arrays.stream(values()).filter(code -> code.name().equals(name)).findFirst().orElse(INTERNAL_ERROR);
    }
}
