"""The production server: waitress, trusting the reverse proxy's X-Forwarded-* headers when PROXIES is set."""
from waitress.server import create_server
from werkzeug.middleware.proxy_fix import ProxyFix

# Client address, scheme (https) and host as the browser asked for it; nothing else from the proxy is used.
PROXY_HEADERS = ("x-forwarded-for", "x-forwarded-proto", "x-forwarded-host")


def waitress_options(config):
    """waitress settings for this app's PROXIES and TRUSTED_PROXY.

    waitress reads X-Forwarded-* only from TRUSTED_PROXY and only the last PROXIES hops of each
    header (the ones our own proxies appended), and removes them from any other peer, so a client
    cannot pick its own address or scheme."""
    options = {"threads": 8, "ident": ""}
    if config["PROXIES"]:
        options.update(trusted_proxy=config["TRUSTED_PROXY"], trusted_proxy_count=config["PROXIES"],
                       trusted_proxy_headers=" ".join(PROXY_HEADERS), clear_untrusted_proxy_headers=True)
    return options


def make_server(app, host, port):
    """A waitress server for app on host:port (port 0: any free one); `serve` runs it."""
    if isinstance(app.wsgi_app, ProxyFix):
        # create_app adds ProxyFix for other WSGI servers (flask run, gunicorn). Here waitress reads
        # the headers itself: applying both would count the proxies twice.
        app.wsgi_app = app.wsgi_app.app
    return create_server(app, host=host, port=port, **waitress_options(app.config))
