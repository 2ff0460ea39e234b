package io.sluice.format;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import io.sluice.table.TableFormat;
import io.sluice.table.TableState;

/** The table formats this build implements, by name. */
@Component
public class Formats {

    private final Map<TableFormat, Format> byName = new EnumMap<>(TableFormat.class);

    Formats(List<Format> formats) {
        formats.forEach(format -> byName.put(format.name(), format));
        if (byName.size() != TableFormat.values().length) {
            throw new IllegalStateException("formats " + byName.keySet() + " do not cover " + List.of(TableFormat.values()));
        }
    }

    public Format of(TableFormat name) {
        return byName.get(name);
    }

    /** The format that stores this table. */
    public Format of(TableState table) {
        return of(table.format());
    }
}
