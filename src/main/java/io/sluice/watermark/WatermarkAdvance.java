package io.sluice.watermark;

/** What a run does to a watermark: from {@code before} (null: none stored yet) to {@code after}. */
public record WatermarkAdvance(String name, String column, String before, String after) {
}
