package io.sluice.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The codes a failed run carries: stored by name, read back leniently, split into the user's faults and the service's. */
class ErrorCodeTests {

    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void shouldReadBackEveryCodeItStored(ErrorCode code) {
        assertThat(ErrorCode.ofStored(code.name())).isEqualTo(code);
    }

    @Test
    void shouldReadACodeItDoesNotKnowAsAnInternalError() {
        assertThat(ErrorCode.ofStored("QUOTA_EXCEEDED")).isEqualTo(ErrorCode.INTERNAL_ERROR);
        assertThat(ErrorCode.ofStored("schema_mismatch")).isEqualTo(ErrorCode.INTERNAL_ERROR);
    }

    @Test
    void shouldCountOnlyEngineAndInternalErrorsAsFaultsOfTheService() {
        assertThat(ErrorCode.SCHEMA_MISMATCH.isUserError()).isTrue();
        assertThat(ErrorCode.SOURCE_FAILED.isUserError()).isTrue();
        assertThat(ErrorCode.TABLE_CONFLICT.isUserError()).isTrue();
        assertThat(ErrorCode.CANCELLED.isUserError()).isTrue();
        assertThat(ErrorCode.ENGINE_ERROR.isUserError()).isFalse();
        assertThat(ErrorCode.INTERNAL_ERROR.isUserError()).isFalse();
    }
}
