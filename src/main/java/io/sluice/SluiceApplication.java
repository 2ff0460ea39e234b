package io.sluice;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling // housekeeping only (ledger expiry, maintenance schedules): runs have their own executor
public class SluiceApplication {

    public static void main(String[] args) {
        // The one flag of Spark's launcher list that is a system property rather than an --add-opens
        // (those come from the jar's Add-Opens manifest entry), so plain `java -jar` needs no flags.
        System.setProperty("io.netty.tryReflectionSetAccessible", "true");
        SpringApplication.run(SluiceApplication.class, args);
    }
}
