package io.sluice.strategy;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;

/** The strategies this build implements, by name. */
@Component
public class Strategies {

    private final Map<StrategyName, WriteStrategy> byName = new EnumMap<>(StrategyName.class);

    Strategies() {
        register(new AppendStrategy());
    }

    private void register(WriteStrategy strategy) {
        byName.put(strategy.name(), strategy);
    }

    public Optional<WriteStrategy> find(StrategyName name) {
        return Optional.ofNullable(byName.get(name));
    }

    public java.util.Set<StrategyName> implemented() {
        return java.util.Collections.unmodifiableSet(byName.keySet());
    }
}
