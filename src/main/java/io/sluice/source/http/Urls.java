package io.sluice.source.http;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.sluice.problem.InvalidRequestException;

/**
 * Request URLs: {@code {name}} placeholders in the template take their parameter (encoded as a path
 * segment); the other parameters, then the fixed filters, become the query string.
 */
public final class Urls {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");
    /** An OpenF1-style filter, {@code speed>=100} or {@code date<2023-09-16}: name, operator, value. */
    private static final Pattern FILTER = Pattern.compile("([A-Za-z_][A-Za-z0-9_.]*)(>=|<=|>|<|=)(.*)");

    private Urls() {
    }

    /** The names the template's placeholders use. */
    public static List<String> placeholders(String template) {
        return PLACEHOLDER.matcher(template).results().map(m -> m.group(1)).toList();
    }

    public static void checkFilter(String field, String filter) {
        InvalidRequestException.check(filter != null && FILTER.matcher(filter).matches(), field,
                "'%s' is not a filter like speed>=100 (name, one of >= <= > < =, value)", filter);
    }

    /** The request's URL: placeholders filled, the rest of the parameters and the filters in the query. */
    public static URI expand(String template, Map<String, String> parameters, List<String> filters) {
        Map<String, String> rest = new LinkedHashMap<>(parameters);
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder url = new StringBuilder();
        while (m.find()) {
            String value = rest.remove(m.group(1));
            if (value == null) {
                throw InvalidRequestException.of("source.url", "the placeholder {%s} has no parameter of that name", m.group(1));
            }
            m.appendReplacement(url, Matcher.quoteReplacement(encode(value).replace("+", "%20")));
        }
        m.appendTail(url);
        StringBuilder query = new StringBuilder();
        rest.forEach((name, value) -> append(query, encode(name) + "=" + encode(value)));
        for (String filter : filters) {
            Matcher f = FILTER.matcher(filter);
            f.matches();
            String operator = f.group(2);
            // ">=" is sent as name ">" then "=": the way APIs like OpenF1 read comparison filters
            append(query, operator.endsWith("=") ? encode(f.group(1) + operator.substring(0, operator.length() - 1)) + "=" + encode(f.group(3))
                    : encode(f.group(1) + operator + f.group(3)));
        }
        return withRawQuery(URI.create(url.toString()), query.toString());
    }

    /** The URL with more query parameters (a page's). */
    public static URI withQuery(URI url, Map<String, String> parameters) {
        if (parameters.isEmpty()) {
            return url;
        }
        StringBuilder query = new StringBuilder();
        parameters.forEach((name, value) -> append(query, encode(name) + "=" + encode(value)));
        return withRawQuery(url, query.toString());
    }

    private static URI withRawQuery(URI url, String more) {
        if (more.isEmpty()) {
            return url;
        }
        String text = url.toString();
        return URI.create(text + (url.getRawQuery() == null ? "?" : "&") + more);
    }

    private static void append(StringBuilder query, String pair) {
        if (!query.isEmpty()) {
            query.append('&');
        }
        query.append(pair);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
