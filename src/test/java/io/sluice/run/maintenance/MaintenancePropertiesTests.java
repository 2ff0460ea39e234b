package io.sluice.run.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** What {@code sluice.maintenance} refuses at start-up. */
class MaintenancePropertiesTests {

    @Test
    void aVacuumShouldKeepAtLeastTheLatestChange() {
        assertThat(new MaintenanceProperties.Vacuum(Duration.ofDays(7), Duration.ofDays(7), 1).keepChanges()).isEqualTo(1);
        assertThatThrownBy(() -> new MaintenanceProperties.Vacuum(Duration.ofDays(7), Duration.ofDays(7), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sluice.maintenance.vacuum.keep-changes is 0: a vacuum keeps at least the latest change, so that it can be "
                        + "rolled back");
    }

    @Test
    void aRetentionShouldNotGoBelowTheMinimum() {
        assertThatThrownBy(() -> new MaintenanceProperties.Vacuum(Duration.ofDays(1), Duration.ofDays(7), 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is under sluice.maintenance.vacuum.min-retention");
    }

    @Test
    void anOrphansGracePeriodShouldNotBeNegative() {
        assertThatThrownBy(() -> new MaintenanceProperties.Orphans(Duration.ofDays(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sluice.maintenance.orphans.grace is PT-24H: give zero or more");
    }
}
