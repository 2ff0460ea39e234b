package io.sluice.source.http;

import java.net.URI;
import java.util.List;
import java.util.Locale;

import io.sluice.problem.InvalidRequestException;

/**
 * The hosts an http source may call, from configuration ({@code sluice.sources.http.allowed-hosts}):
 * {@code host} allows any port, {@code host:port} that port only. Checked on submit for the URL and on
 * every next-page link, so neither a request nor an API's answer can send a pull elsewhere. Completion callbacks keep
 * their own list, named in the refusal by {@code setting}.
 */
public record HostAllowList(List<String> allowed, String setting) {

    public HostAllowList {
        allowed = allowed.stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
    }

    public HostAllowList(List<String> allowed) {
        this(allowed, "sluice.sources.http.allowed-hosts");
    }

    public void check(String field, URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        InvalidRequestException.check(scheme.equals("http") || scheme.equals("https"), field, "only http and https URLs are read");
        InvalidRequestException.check(uri.getHost() != null && uri.getUserInfo() == null, field, "the URL needs a host (and no user info)");
        InvalidRequestException.check(allows(uri), field, "host %s is not in %s %s", hostPort(uri), setting, allowed);
    }

    /** At fetch time: a link that leads off the list fails its request. */
    void check(URI uri) {
        if (!allows(uri)) {
            throw new RequestFailure("a next-page link leads to " + hostPort(uri) + ", which is not an allowed host");
        }
    }

    private boolean allows(URI uri) {
        if (uri.getHost() == null) {
            return false;
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        return allowed.contains(host) || allowed.contains(hostPort(uri));
    }

    private static String hostPort(URI uri) {
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        return (uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT)) + ":" + port;
    }
}
