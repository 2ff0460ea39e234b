package io.sluice.source.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.sluice.problem.InvalidRequestException;
import io.sluice.problem.InvalidRequestException.Violation;
import io.sluice.source.http.Pagination.Next;
import io.sluice.source.http.Pagination.Type;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** How a pull finds each request's next page, from the page it just read. */
class PaginationTests {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final URI CURRENT = URI.create("https://api.example.com/v1/laps?session=9158&page=1");
    static final JsonNode NO_BODY = JSON.readTree("[]");
    static final HttpHeaders NO_HEADERS = headers(Map.of());

    static Pagination page(Integer size, Integer start, Integer maxPages) {
        return new Pagination(Type.PAGE, "page", size == null ? null : "page_size", size, start, null, null, maxPages);
    }

    static Pagination offset(int size) {
        return new Pagination(Type.OFFSET, "offset", "limit", size, null, null, null, null);
    }

    static Pagination nextLink(String nextField, String nextHeader) {
        return new Pagination(Type.NEXT_LINK, null, null, null, null, nextField, nextHeader, null);
    }

    static Pagination cursor(String nextField, String nextHeader) {
        return new Pagination(Type.CURSOR, "cursor", null, null, null, nextField, nextHeader, null);
    }

    static HttpHeaders headers(Map<String, List<String>> values) {
        return HttpHeaders.of(values, (name, value) -> true);
    }

    static void assertRefused(Pagination pagination, String field, String message) {
        assertThatThrownBy(() -> pagination.validate("source.pagination")).isInstanceOfSatisfying(InvalidRequestException.class,
                e -> assertThat(e.violations()).containsExactly(new Violation(field, message)));
    }

    @Test
    void shouldAcceptEachTypeWithWhatItNeeds() {
        assertThatCode(() -> {
            Pagination.NONE.validate("source.pagination");
            page(null, null, null).validate("source.pagination");
            offset(100).validate("source.pagination");
            nextLink(null, null).validate("source.pagination");
            cursor(null, "X-Next-Cursor").validate("source.pagination");
        }).doesNotThrowAnyException();
    }

    @Test
    void shouldRefuseAPaginationWithoutAType() {
        assertRefused(new Pagination(null, "page", null, null, null, null, null, null), "source.pagination.type",
                "a type is required: none, page, offset, next_link or cursor");
    }

    @Test
    void shouldRefuseWhatEachTypeLacks() {
        assertRefused(new Pagination(Type.PAGE, null, null, null, null, null, null, null), "source.pagination.param",
                "page pagination needs the page parameter's name");
        assertRefused(new Pagination(Type.OFFSET, "offset", "limit", null, null, null, null, null), "source.pagination",
                "offset pagination needs param (offset), sizeParam (limit) and a size above 0");
        assertRefused(new Pagination(Type.OFFSET, "offset", null, 100, null, null, null, null), "source.pagination",
                "offset pagination needs param (offset), sizeParam (limit) and a size above 0");
        assertRefused(cursor(null, null), "source.pagination", "cursor pagination needs param and nextField or nextHeader");
        assertRefused(new Pagination(Type.CURSOR, null, null, null, null, "next", null, null), "source.pagination",
                "cursor pagination needs param and nextField or nextHeader");
    }

    @Test
    void shouldRefuseASizeOrAPageLimitBelowOne() {
        assertRefused(page(0, null, null), "source.pagination.size", "size must be above 0");
        assertRefused(page(null, null, 0), "source.pagination.maxPages", "maxPages must be above 0");
    }

    @Test
    void shouldLimitARequestTo10000PagesUnlessToldOtherwise() {
        assertThat(page(null, null, null).pageLimit()).isEqualTo(10_000);
        assertThat(page(null, null, 3).pageLimit()).isEqualTo(3);
    }

    @Test
    void shouldStartNumberedPagesAtOneOrTheGivenStartAndSendTheSize() {
        assertThat(page(null, null, null).first()).containsExactly(Map.entry("page", "1"));
        assertThat(page(100, 0, null).first()).containsExactly(Map.entry("page", "0"), Map.entry("page_size", "100"));
        assertThat(offset(100).first()).containsExactly(Map.entry("offset", "0"), Map.entry("limit", "100"));
    }

    @Test
    void shouldSendNoParametersOnTheFirstPageOfLinkedOrUnpaginatedRequests() {
        assertThat(Pagination.NONE.first()).isEmpty();
        assertThat(nextLink("next", null).first()).isEmpty();
        assertThat(cursor("next", null).first()).isEmpty();
    }

    @Test
    void shouldReadOnePageWhenNotPaginated() {
        assertThat(Pagination.NONE.next(0, 100, NO_BODY, NO_HEADERS, CURRENT)).isEmpty();
    }

    @Test
    void shouldAskForTheNextNumberedPageAfterAFullOne() {
        assertThat(page(100, null, null).next(1, 100, NO_BODY, NO_HEADERS, CURRENT))
                .contains(new Next(Map.of("page", "3", "page_size", "100"), null));
        assertThat(offset(100).next(2, 100, NO_BODY, NO_HEADERS, CURRENT)).contains(new Next(Map.of("offset", "300", "limit", "100"), null));
    }

    @Test
    void shouldEndNumberedPagesAtAShortPage() {
        assertThat(page(100, null, null).next(0, 99, NO_BODY, NO_HEADERS, CURRENT)).isEmpty();
        assertThat(offset(100).next(0, 1, NO_BODY, NO_HEADERS, CURRENT)).isEmpty();
    }

    @Test
    void shouldEndNumberedPagesWithoutASizeOnlyAtAnEmptyPage() {
        assertThat(page(null, null, null).next(0, 1, NO_BODY, NO_HEADERS, CURRENT)).contains(new Next(Map.of("page", "2"), null));
        assertThat(page(null, null, null).next(1, 0, NO_BODY, NO_HEADERS, CURRENT)).isEmpty();
    }

    @Test
    void shouldEndAtAnEmptyPageWhateverTheType() {
        JsonNode body = JSON.readTree("{\"next\": \"/v1/laps?page=2\", \"cursor\": \"abc\"}");

        assertThat(nextLink("next", null).next(0, 0, body, NO_HEADERS, CURRENT)).isEmpty();
        assertThat(cursor("cursor", null).next(0, 0, body, NO_HEADERS, CURRENT)).isEmpty();
    }

    @Test
    void shouldStopAtThePageLimit() {
        assertThat(page(null, null, 3).next(1, 10, NO_BODY, NO_HEADERS, CURRENT)).isPresent();
        assertThat(page(null, null, 3).next(2, 10, NO_BODY, NO_HEADERS, CURRENT)).isEmpty();
    }

    @Test
    void shouldFollowTheNextLinkInTheBodyResolvedAgainstThePageUrl() {
        JsonNode absolutePath = JSON.readTree("{\"links\": {\"next\": \"/v2/laps?page=2\"}}");
        JsonNode absolute = JSON.readTree("{\"links\": {\"next\": \"https://other.example.com/laps?page=2\"}}");

        assertThat(nextLink("links.next", null).next(0, 5, absolutePath, NO_HEADERS, CURRENT))
                .contains(new Next(Map.of(), URI.create("https://api.example.com/v2/laps?page=2")));
        assertThat(nextLink("links.next", null).next(0, 5, absolute, NO_HEADERS, CURRENT))
                .contains(new Next(Map.of(), URI.create("https://other.example.com/laps?page=2")));
    }

    @Test
    void shouldResolveANextLinkOfOnlyAQueryAgainstThePagesPath() {
        JsonNode queryOnly = JSON.readTree("{\"links\": {\"next\": \"?session=9158&page=2\"}}");

        assertThat(nextLink("links.next", null).next(0, 5, queryOnly, NO_HEADERS, CURRENT))
                .contains(new Next(Map.of(), URI.create("https://api.example.com/v1/laps?session=9158&page=2")));
    }

    @Test
    void shouldEndWhenTheBodyHasNoNextLink() {
        for (String body : List.of("{\"links\": {\"next\": null}}", "{\"links\": {\"next\": \"  \"}}", "{\"links\": {}}", "{}", "[]")) {
            assertThat(nextLink("links.next", null).next(0, 5, JSON.readTree(body), NO_HEADERS, CURRENT)).as(body).isEmpty();
        }
    }

    @Test
    void shouldFollowTheNextRelationOfALinkHeader() {
        HttpHeaders headers = headers(Map.of("Link", List.of("<https://api.example.com/v1/laps?page=1>; rel=\"prev\", "
                + "<https://api.example.com/v1/laps?page=3>; rel=\"next\", <https://api.example.com/v1/laps?page=9>; rel=last")));

        assertThat(nextLink(null, null).next(1, 5, NO_BODY, headers, CURRENT))
                .contains(new Next(Map.of(), URI.create("https://api.example.com/v1/laps?page=3")));
    }

    @Test
    void shouldEndWhenTheLinkHeaderHasNoNextRelation() {
        HttpHeaders headers = headers(Map.of("Link", List.of("<https://api.example.com/v1/laps?page=1>; rel=\"prev\"")));

        assertThat(nextLink(null, null).next(1, 5, NO_BODY, headers, CURRENT)).isEmpty();
        assertThat(nextLink(null, null).next(1, 5, NO_BODY, NO_HEADERS, CURRENT)).isEmpty();
    }

    @Test
    void shouldTakeANamedHeaderAsTheNextUrlItself() {
        HttpHeaders headers = headers(Map.of("X-Next-Page", List.of(" /v1/laps?page=2 ")));

        assertThat(nextLink(null, "X-Next-Page").next(0, 5, NO_BODY, headers, CURRENT))
                .contains(new Next(Map.of(), URI.create("https://api.example.com/v1/laps?page=2")));
        assertThat(nextLink(null, "X-Next-Page").next(0, 5, NO_BODY, headers(Map.of("X-Next-Page", List.of(""))), CURRENT)).isEmpty();
    }

    @Test
    void shouldSendTheCursorFromTheBodyBackAsItsParameterOnTheSameUrl() {
        assertThat(cursor("meta.next_cursor", null).next(0, 5, JSON.readTree("{\"meta\": {\"next_cursor\": \"c2\"}}"), NO_HEADERS, CURRENT))
                .contains(new Next(Map.of("cursor", "c2"), null));
        assertThat(cursor("meta.next_cursor", null).next(0, 5, JSON.readTree("{\"meta\": {\"next_cursor\": 42}}"), NO_HEADERS, CURRENT))
                .contains(new Next(Map.of("cursor", "42"), null));
    }

    @Test
    void shouldSendTheCursorFromAHeaderBackAsItsParameter() {
        HttpHeaders headers = headers(Map.of("X-Next-Cursor", List.of("c3")));

        assertThat(cursor(null, "X-Next-Cursor").next(0, 5, NO_BODY, headers, CURRENT)).contains(new Next(Map.of("cursor", "c3"), null));
    }

    @Test
    void shouldEndWhenThereIsNoCursor() {
        assertThat(cursor("meta.next_cursor", null).next(0, 5, JSON.readTree("{\"meta\": {\"next_cursor\": null}}"), NO_HEADERS, CURRENT))
                .isEmpty();
        assertThat(cursor(null, "X-Next-Cursor").next(0, 5, NO_BODY, NO_HEADERS, CURRENT)).isEmpty();
        assertThat(cursor(null, "X-Next-Cursor").next(0, 5, NO_BODY, headers(Map.of("X-Next-Cursor", List.of(" "))), CURRENT))
                .isEmpty();
    }
}
