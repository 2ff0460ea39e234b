package io.sluice.source;

import java.util.Set;

/**
 * File formats a {@code files} source reads, each with the reader options it accepts. Options that
 * could reach other files or the network (path, basePath, ...) are not on any list.
 */
public enum FileFormat {
    CSV(Set.of("header", "sep", "delimiter", "quote", "escape", "comment", "nullValue", "emptyValue", "nanValue",
            "dateFormat", "timestampFormat", "encoding", "charset", "multiLine", "inferSchema", "ignoreLeadingWhiteSpace",
            "ignoreTrailingWhiteSpace", "mode", "lineSep", "locale", "samplingRatio", "enforceSchema", "unescapedQuoteHandling")),
    JSON(Set.of("multiLine", "primitivesAsString", "prefersDecimal", "allowComments", "allowUnquotedFieldNames",
            "allowSingleQuotes", "allowNumericLeadingZeros", "dateFormat", "timestampFormat", "mode", "encoding", "lineSep",
            "samplingRatio", "dropFieldIfAllNull", "locale")),
    PARQUET(Set.of("mergeSchema", "datetimeRebaseMode", "int96RebaseMode"));

    /** Options every format accepts: they only filter the files under the (already checked) path. */
    private static final Set<String> COMMON = Set.of("recursiveFileLookup", "pathGlobFilter", "modifiedBefore", "modifiedAfter");

    private final Set<String> options;

    FileFormat(Set<String> options) {
        this.options = options;
    }

    public boolean accepts(String option) {
        return COMMON.contains(option) || options.contains(option);
    }

    public Set<String> options() {
        return options;
    }
}
