package io.sluice.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The steps a fault-injection setting names, in kebab case as configuration writes them. */
class FaultStepTests {

    @Test
    void shouldNameEachStepInKebabCase() {
        assertThat(FaultStep.values()).extracting(FaultStep::wireName)
                .containsExactly("before-write", "quarantined", "staged", "partitions-added", "moving", "swapped", "written", "removing");
    }

    @ParameterizedTest
    @EnumSource(FaultStep.class)
    void shouldFindEachStepByItsName(FaultStep step) {
        assertThat(FaultStep.named(step.wireName())).isEqualTo(step);
    }

    @Test
    void shouldRefuseAStepItDoesNotKnowListingTheSteps() {
        assertThatThrownBy(() -> FaultStep.named("PARTITIONS_ADDED")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown fault step 'PARTITIONS_ADDED'; the steps are: before-write, quarantined, staged, partitions-added, moving, "
                        + "swapped, written, removing");
    }
}
