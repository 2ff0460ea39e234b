package io.sluice.run.execution;

import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.sluice.write.Checkpoint;
import io.sluice.write.FaultStep;

/**
 * For crash tests and the reliability harness only: {@code sluice.faults.halt-at=<step>} halts the
 * JVM (as kill -9 would: no shutdown hook, nothing flushed) when a run reaches that step, after
 * letting it pass {@code sluice.faults.skip} times. The steps are {@link FaultStep}'s; a name that is none
 * of them stops the start, so a mistyped trial fails rather than never halting. {@code sluice.faults.table}
 * limits it to the runs of one table (read from the run thread's MDC), so that one JVM can verify an
 * earlier crash and stage the next. Off unless set.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty("sluice.faults.halt-at")
class FaultInjection {

    private static final Logger log = LoggerFactory.getLogger(FaultInjection.class);

    @Bean
    Checkpoint haltingCheckpoint(@Value("${sluice.faults.halt-at}") String haltAt, @Value("${sluice.faults.skip:0}") int skip,
            @Value("${sluice.faults.table:}") String table) {
        FaultStep step = FaultStep.named(haltAt);
        log.warn("Fault injection on: the JVM halts at step '{}' after {} pass(es){}", step, skip, table.isEmpty() ? "" : " on " + table);
        AtomicInteger passes = new AtomicInteger();
        return reached -> {
            boolean counted = reached == step && (table.isEmpty() || table.equals(MDC.get("table")));
            if (counted && passes.getAndIncrement() >= skip) {
                log.warn("Halting at step '{}'", reached);
                Runtime.getRuntime().halt(137);
            }
        };
    }
}
