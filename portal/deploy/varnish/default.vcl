# Varnish in front of the portal's gunicorn (Debian's varnish 7.x). `make varnish` runs it on
# 127.0.0.1:$(VARNISH_PORT) in front of 127.0.0.1:$(PORT); the production-stack tests and `make load`
# start it in front of their own gunicorn (bench/stack.py rewrites the backend's port below).
#
# What it caches is decided by the portal, not here: only responses that say
# `Cache-Control: public` with an `s-maxage` or `max-age` (anonymous pages, marked views, static
# files) and set no cookie. Everything else passes: any request with a session cookie or
# credentials, every method but GET and HEAD, and every response that is private, no-store or
# no-cache, sets a cookie or says nothing about caching. The member area, accounts, the admin and
# the quick exit never come from the cache whatever they say.
#
# Purges come from the portal (Wagtail's frontend cache, HTTP backend: FRONTEND_CACHE_URL) as
# `PURGE /path` from the addresses in `purgers`. A purge removes that path with every query string
# (a listing's every search and page number) on every host name; a path ending in `*` removes
# everything under it (`PURGE /*`: the whole site, after a settings change).
vcl 4.1;


backend default {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 60s;
    .between_bytes_timeout = 30s;
}

# The portal's own servers: edit for the machines that run gunicorn and the task worker.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (!client.ip ~ purgers) {
            return (synth(405, "Not allowed"));
        }
        set req.http.X-Purge-Path = regsub(req.url, "\?.*$", "");
        if (req.http.X-Purge-Path ~ "\*$") {
            # Everything under the prefix.
            set req.http.X-Purge-Pattern = "^" + regsuball(regsub(req.http.X-Purge-Path, "\*$", ""),
                "([][.+?^$(){}|\\])", "\\\1");
        } else {
            # The path itself, with any query string.
            set req.http.X-Purge-Pattern = "^" + regsuball(req.http.X-Purge-Path,
                "([][.+?^$(){}|\\*])", "\\\1") + "(\?|$)";
        }
        ban("obj.http.X-Url ~ " + req.http.X-Purge-Pattern);
        return (synth(200, "Purged"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.http.Authorization || req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    if (req.url ~ "^/(coalition/member-area|accounts|admin|exit)(/|$|\?)") {
        return (pass);
    }
    # A visitor without a session: other cookies (a form's CSRF cookie) go to gunicorn on a miss,
    # but a page the portal made public does not depend on them, so the lookup ignores them.
    return (hash);
}

sub vcl_hash {
    # The scheme the TLS terminator in front says (the portal builds absolute links from it): an
    # answer made for one scheme is never served for the other. The built-in hash adds URL and host.
    hash_data(req.http.X-Forwarded-Proto);
}

sub vcl_backend_response {
    set beresp.http.X-Url = bereq.url;
    if (beresp.http.Set-Cookie
        || beresp.http.Cache-Control !~ "(^|,)\s*public\s*(,|$)"
        || beresp.http.Cache-Control ~ "private|no-store|no-cache"
        || beresp.http.Cache-Control !~ "max-age"
        || bereq.url ~ "^/(coalition/member-area|accounts|admin|exit)(/|$|\?)") {
        # Not cached: remember that for a while so that requests for it go straight to gunicorn.
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    set beresp.grace = 10s;
    return (deliver);
}

sub vcl_deliver {
    unset resp.http.X-Url;
    unset resp.http.Via;
    unset resp.http.X-Varnish;
    if (obj.uncacheable) {
        set resp.http.X-Cache = "pass";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache = "hit";
    } else {
        set resp.http.X-Cache = "miss";
    }
}
