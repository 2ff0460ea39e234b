package io.sluice.strategy;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Component;

/** The strategies this build implements, by name. */
@Component
public class Strategies {

    private final Map<StrategyName, WriteStrategy> byName = new EnumMap<>(StrategyName.class);

    Strategies() {
        register(new AppendStrategy());
        register(new DropPartitionStrategy());
        register(new DynamicOverwriteStrategy());
        register(new MergeStrategy());
        register(new ApplyChangesStrategy());
    }

    private void register(WriteStrategy strategy) {
        byName.put(strategy.name(), strategy);
    }

    public Optional<WriteStrategy> find(StrategyName name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Set<StrategyName> implemented() {
        return Collections.unmodifiableSet(byName.keySet());
    }
}
