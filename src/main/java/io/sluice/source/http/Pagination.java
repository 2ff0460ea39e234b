package io.sluice.source.http;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.sluice.problem.InvalidRequestException;
import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.JsonNode;

/**
 * How one request's pages follow each other. {@code page}: a page number parameter; {@code offset}:
 * offset and limit parameters; {@code next_link}: the next page's URL in the body ({@code nextField}) or
 * a {@code Link: <...>; rel="next"} header; {@code cursor}: an opaque token from the body or a header,
 * sent back as {@code param}. Numbered pages end at an empty page (or one shorter than {@code size}).
 */
@Schema(description = "Pagination of each request; omitted: one page")
public record Pagination(
        @Schema(example = "page") Type type,
        @Schema(description = "page: the page number parameter; offset: the offset parameter; cursor: the cursor parameter",
                example = "page") String param,
        @Schema(description = "The page size parameter (page: optional; offset: the limit parameter)", example = "page_size")
        String sizeParam,
        @Schema(description = "Records per page; required for offset", example = "1000") Integer size,
        @Schema(description = "page: the first page's number (default 1)") Integer start,
        @Schema(description = "next_link / cursor: where the body holds the next URL or token (dotted path)", example = "next")
        String nextField,
        @Schema(description = "next_link: a header with the next URL (default Link rel=next); cursor: the header with the token",
                example = "X-Next-Cursor") String nextHeader,
        @Schema(description = "At most this many pages per request (default 10000): a guard against an API that never ends")
        Integer maxPages) {

    public static final Pagination NONE = new Pagination(Type.NONE, null, null, null, null, null, null, null);
    private static final Pattern LINK_NEXT = Pattern.compile("<([^>]*)>\\s*;[^,]*rel=\"?next\"?");

    public enum Type {
        NONE, PAGE, OFFSET, NEXT_LINK, CURSOR
    }

    /** What comes after a page: more parameters on the same URL, another URL, or nothing. */
    public record Next(Map<String, String> params, URI url) {
    }

    public void validate(String field) {
        InvalidRequestException.check(type != null, field + ".type", "a type is required: none, page, offset, next_link or cursor");
        switch (type) {
            case PAGE -> InvalidRequestException.check(param != null, field + ".param", "page pagination needs the page parameter's name");
            case OFFSET -> InvalidRequestException.check(param != null && sizeParam != null && size != null && size > 0, field,
                    "offset pagination needs param (offset), sizeParam (limit) and a size above 0");
            case CURSOR -> InvalidRequestException.check(param != null && (nextField != null || nextHeader != null), field,
                    "cursor pagination needs param and nextField or nextHeader");
            default -> {
            }
        }
        InvalidRequestException.check(size == null || size > 0, field + ".size", "size must be above 0");
        InvalidRequestException.check(maxPages == null || maxPages > 0, field + ".maxPages", "maxPages must be above 0");
    }

    public int pageLimit() {
        return maxPages == null ? 10_000 : maxPages;
    }

    /** The parameters of the first page (0-based index 0). */
    public Map<String, String> first() {
        return numbered(0);
    }

    /** After page {@code index} (0-based) answered {@code records} records: the next page, if any. */
    public Optional<Next> next(int index, int records, JsonNode body, HttpHeaders headers, URI current) {
        if (type == Type.NONE || records == 0 || index + 1 >= pageLimit()) {
            return Optional.empty();
        }
        return switch (type) {
            case PAGE, OFFSET -> size != null && records < size ? Optional.empty() : Optional.of(new Next(numbered(index + 1), null));
            case NEXT_LINK -> link(body, headers).map(url -> new Next(Map.of(), resolve(current, url)));
            case CURSOR -> token(body, headers).map(token -> new Next(Map.of(param, token), null));
            default -> Optional.empty();
        };
    }

    /** As RFC 3986 resolves: a link of only a query keeps the page's path, which {@link URI#resolve} (RFC 2396) drops. */
    private static URI resolve(URI current, String link) {
        if (link.startsWith("?")) {
            return URI.create(current.toString().replaceFirst("[?#].*$", "") + link);
        }
        return current.resolve(link);
    }

    private Map<String, String> numbered(int index) {
        Map<String, String> params = new LinkedHashMap<>();
        if (type == Type.PAGE) {
            params.put(param, Integer.toString((start == null ? 1 : start) + index));
            if (sizeParam != null && size != null) {
                params.put(sizeParam, size.toString());
            }
        } else if (type == Type.OFFSET) {
            params.put(param, Long.toString((long) index * size));
            params.put(sizeParam, size.toString());
        }
        return params;
    }

    private Optional<String> link(JsonNode body, HttpHeaders headers) {
        if (nextField != null) {
            return text(Records.at(body, nextField));
        }
        String header = nextHeader == null ? "Link" : nextHeader;
        return headers.allValues(header).stream().map(value -> {
            Matcher m = LINK_NEXT.matcher(value);
            return m.find() ? m.group(1) : nextHeader != null ? value.strip() : null;
        }).filter(v -> v != null && !v.isBlank()).findFirst();
    }

    private Optional<String> token(JsonNode body, HttpHeaders headers) {
        return nextField != null ? text(Records.at(body, nextField)) : headers.firstValue(nextHeader).filter(v -> !v.isBlank());
    }

    private static Optional<String> text(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() || node.asString().isBlank() ? Optional.empty()
                : Optional.of(node.asString());
    }
}
