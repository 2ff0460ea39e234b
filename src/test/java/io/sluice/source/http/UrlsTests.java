package io.sluice.source.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Request URLs and retry timing, as the http source builds them. */
class UrlsTests {

    @Test
    void placeholdersShouldTakeTheirParametersAndTheRestGoInTheQueryThenTheFilters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("session", "9158");
        parameters.put("driver_number", "1");
        parameters.put("name", "a b&c");

        URI url = Urls.expand("http://api/v1/sessions/{session}/car_data", parameters, List.of("speed>=100", "date<2023-09-16"));

        assertThat(url).hasToString("http://api/v1/sessions/9158/car_data?driver_number=1&name=a+b%26c&speed%3E=100&date%3C2023-09-16");
    }

    @Test
    void pageParametersShouldBeAddedToTheRequestsQuery() {
        assertThat(Urls.withQuery(URI.create("http://api/v1/laps?session_key=1"), Map.of("offset", "300")))
                .hasToString("http://api/v1/laps?session_key=1&offset=300");
    }

    @Test
    void backoffShouldDoubleUpToItsCapWithJitterInTheUpperHalf() {
        for (int attempt = 1; attempt <= 12; attempt++) {
            long step = Math.min(10_000, 100L << (attempt - 1));
            assertThat(Fetcher.backoff(Duration.ofMillis(100), Duration.ofSeconds(10), attempt).toMillis()).isBetween(step / 2, step);
        }
    }
}
