package io.sluice.run;

import java.util.List;

/** One page of runs, newest first. */
public record RunPage(List<Run> items, int page, int size, long total) {
}
