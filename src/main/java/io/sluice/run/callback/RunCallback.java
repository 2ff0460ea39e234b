package io.sluice.run.callback;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;

/** Where to POST the run's final document when it ends. An object, so that it can grow (headers, say) without a new field. */
@Schema(description = "A URL Sluice POSTs the final run document to when the run ends, signed (Sluice-Signature) and retried; "
        + "its host must be in sluice.callbacks.allowed-hosts")
public record RunCallback(
        @Schema(description = "An http or https URL", example = "https://orchestrator.example.com/sluice/runs")
        @NotBlank(message = "a callback needs its url") String url) {
}
