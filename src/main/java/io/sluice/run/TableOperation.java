package io.sluice.run;

/** What a run does to a table other than writing a source's rows into it: restore it, or maintain it. */
public sealed interface TableOperation permits RestoreTarget, Compaction, Vacuum {

    RunKind kind();

    /** What the run does, in a line, for the ledger and the log. */
    String describe();
}
