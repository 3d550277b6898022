"""The one place that decides between a whole page and an htmx partial."""
from flask import Response, make_response, redirect, render_template, request


def wants_partial():
    h = request.headers
    return h.get("HX-Request") == "true" and h.get("HX-Boosted") != "true"


def render_page_or_partial(page, partial, invalid=False, **context):
    resp = make_response(render_template(partial if wants_partial() else page, **context))
    resp.vary.add("HX-Request")
    if invalid:
        resp.status_code = 422
    return resp


def htmx_redirect(url):
    if wants_partial():
        return Response(status=204, headers={"HX-Redirect": url})
    return redirect(url, 303)
