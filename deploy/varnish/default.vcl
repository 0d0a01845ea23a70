# NewsBlog behind Varnish 7 (Debian's varnish and varnish-modules): README "Running behind
# Varnish or a CDN". Start it with the site's address, e.g.
#   varnishd -a :80 -f /etc/varnish/default.vcl   (backend below: the gunicorn address)
# and tell the site where to purge: NEWSBLOG_PURGE_URL=http://127.0.0.1:80/
#
# - Pages the site stores in its page cache come with `Surrogate-Control: max-age=N` and their
#   dependency names in `Surrogate-Key`; Varnish keeps them that long, indexed by xkey, and the
#   site purges the keys a change touches (`PURGE` with `xkey-purge`, or `BAN` without xkey).
# - Everything else (staff, readers with a session or messages, forms sent, the admin) passes.
# - The cached body is the same for every reader: the site sends each per-reader part (a form's
#   CSRF token, its time stamp) as an ESI include of /_holes/..., which passes with the reader's
#   own cookies, and such a page does not vary by cookie. A reader without a CSRF cookie who is
#   served a page with such parts first gets one from /_holes/csrf/, delivered with the page.
vcl 4.1;

import std;
import xkey;

backend default {
    .host = "127.0.0.1";
    .port = "8000";
}

# Who may purge: the site's own servers.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE" || req.method == "BAN") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (req.method == "PURGE" && req.http.xkey-purge) {
            set req.http.n-gone = xkey.purge(req.http.xkey-purge);
            return (synth(200, "Invalidated " + req.http.n-gone + " objects"));
        }
        if (req.method == "BAN" && req.http.Surrogate-Key ~ "^[A-Za-z0-9:%_ -]+$") {
            ban("obj.http.Surrogate-Key ~ (^|\s)("
                + regsuball(req.http.Surrogate-Key, " +", "|") + ")(\s|$)");
            return (synth(200, "Banned"));
        }
        return (synth(400, "No keys"));
    }
    if (req.esi_level > 0) {
        # A reader's own part of a page: their cookies, never stored.
        set req.http.Cookie = req_top.http.Cookie;
        return (pass);
    }
    if (req.url ~ "^/_holes/" || (req.method != "GET" && req.method != "HEAD")) {
        return (pass);
    }
    if (req.http.Authorization || req.http.Cookie ~ "(^|;\s*)(sessionid|messages)=") {
        return (pass);
    }
    # The site is asked for per-reader parts as includes, so what it stores is for everyone.
    set req.http.Surrogate-Capability = "newsblog=ESI/1.0";
    return (hash);
}

sub vcl_backend_response {
    if (bereq.url ~ "^/_holes/") {
        set beresp.uncacheable = true;
        return (deliver);
    }
    if (beresp.http.Surrogate-Control ~ "ESI/1.0") {
        set beresp.do_esi = true;
        set beresp.http.X-Reader-Parts = "1";
    }
    if (beresp.http.Surrogate-Control ~ "max-age=" && !beresp.http.Set-Cookie) {
        set beresp.ttl = std.duration(
            regsub(beresp.http.Surrogate-Control, "^.*max-age=([0-9]+).*$", "\1s"), 0s);
        set beresp.grace = 0s;
        set beresp.http.xkey = beresp.http.Surrogate-Key;
        # The same bytes for every reader, whatever their cookies: one object, not one each.
        set beresp.http.Vary = regsub(
            regsuball(beresp.http.Vary, "(?i)(^|,)\s*Cookie\s*(?=,|$)", ""), "^\s*,\s*", "");
        if (beresp.http.Vary == "") {
            unset beresp.http.Vary;
        }
        unset beresp.http.Surrogate-Control;
        return (deliver);
    }
    if (beresp.http.Surrogate-Control) {
        # Parts to include, but the site does not purge this Varnish: never kept.
        unset beresp.http.Surrogate-Control;
        set beresp.ttl = 10s;
        set beresp.uncacheable = true;
        return (deliver);
    }
    # Anything else follows the site's Cache-Control (Varnish's built-in rules).
}

sub vcl_deliver {
    if (req.http.X-Page-Url) {
        # The reader's new CSRF cookie, fetched below: take it, and serve the page again.
        set req.http.X-Set-Cookie = resp.http.Set-Cookie;
        if (req.http.Cookie) {
            set req.http.Cookie = req.http.Cookie + "; "
                + regsub(resp.http.Set-Cookie, "^([^;]*).*$", "\1");
        } else {
            set req.http.Cookie = regsub(resp.http.Set-Cookie, "^([^;]*).*$", "\1");
        }
        set req.url = req.http.X-Page-Url;
        unset req.http.X-Page-Url;
        return (restart);
    }
    if (resp.http.X-Reader-Parts && req.esi_level == 0 && req.restarts == 0
        && req.http.Cookie !~ "(^|;\s*)csrftoken=") {
        # The page's forms need a CSRF cookie this reader does not have yet.
        set req.http.X-Page-Url = req.url;
        set req.url = "/_holes/csrf/";
        return (restart);
    }
    if (req.esi_level == 0 && req.http.X-Set-Cookie) {
        set resp.http.Set-Cookie = req.http.X-Set-Cookie;
    }
    if (obj.hits > 0) {
        set resp.http.X-Cache = "hit";
    } else {
        set resp.http.X-Cache = "miss";
    }
    unset resp.http.X-Reader-Parts;
    unset resp.http.xkey;
}
