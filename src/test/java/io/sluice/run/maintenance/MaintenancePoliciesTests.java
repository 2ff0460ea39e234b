package io.sluice.run.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import io.sluice.problem.InvalidRequestException;

/** The policy in force: a table's overrides over the defaults, and the values a policy may not hold. */
class MaintenancePoliciesTests {

    private final MaintenancePolicies policies = new MaintenancePolicies(null, new MaintenanceProperties(
            new MaintenanceProperties.Compact(4, DataSize.ofMegabytes(128)),
            new MaintenanceProperties.Vacuum(Duration.ofDays(7), Duration.ofDays(7), 10),
            new MaintenanceProperties.Orphans(Duration.ofDays(7)),
            new MaintenanceProperties.Auto(true, Duration.ofDays(1), Duration.ofMinutes(10))));

    @Test
    void aTableWithoutOverridesShouldHaveTheDefaults() {
        assertThat(policies.effective("db.t", PolicyOverrides.NONE))
                .isEqualTo(new MaintenancePolicy("db.t", true, 4, 128L * 1024 * 1024, true, 24, 168, List.of()));
    }

    @Test
    void overridesShouldReplaceTheDefaultsTheyNameOnly() {
        assertThat(policies.effective("db.t", new PolicyOverrides(false, 8, null, null, 2L, null)))
                .isEqualTo(new MaintenancePolicy("db.t", false, 8, 128L * 1024 * 1024, true, 2, 168,
                        List.of("autoCompact", "minFiles", "vacuumIntervalHours")));
    }

    @Test
    void valuesOutOfRangeShouldAllBeNamed() {
        assertThatThrownBy(() -> policies.check(new PolicyOverrides(true, 1, 1000L, true, 0L, 167L)))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.violations())
                        .extracting(InvalidRequestException.Violation::field)
                        .containsExactly("minFiles", "targetFileSize", "vacuumIntervalHours", "retentionHours"));
        policies.check(new PolicyOverrides(false, 2, 1024L * 1024, false, 1L, 168L));
    }
}
