"""/sinch/ecfs/authentication/: the ECF web server's login and logout, which hand out and end a JSESSIONID."""

from __future__ import annotations

from flask import Response, jsonify, request
from flask.views import MethodView

from simulator.core.api import VendorBlueprint
from simulator.core.guard import Guard, principal
from simulator.core.runtime import namespace
from simulator.core.schemes import AnyOf
from simulator.sinch_cmi.errors import Unauthorized
from simulator.sinch_cmi.models import User
from simulator.sinch_cmi.render.authentication import ecf_user
from simulator.sinch_cmi.routes.common import (
    AUTH_MOUNT,
    BEARER,
    ECF_FORM,
    ECF_MOUNT,
    SESSION,
    VENDOR,
    authenticate,
    documented,
)
from simulator.sinch_cmi.schemas.authentication import EcfUserSchema
from simulator.sinch_cmi.store.sessions import COOKIE, sessions

FORM = "application/x-www-form-urlencoded"
blp = VendorBlueprint("sinch_ecfs_authentication", __name__, url_prefix=AUTH_MOUNT,
                      description="The ECF web session: log in for a JSESSIONID cookie, log out to end it")
login_guard = Guard(VENDOR, AnyOf((ECF_FORM, BEARER)), authenticate, lambda _: Unauthorized())
session_guard = Guard(VENDOR, AnyOf((SESSION,)), authenticate, lambda _: Unauthorized())

LOGIN_BODY = {"requestBody": {"required": False, "content": {FORM: {"schema": {
    "type": "object", "required": ["Authorization"],
    "properties": {"Authorization": {"type": "string", "description": "`Basic <base64(user:password)>`"}},
}}}}}
SESSION_COOKIE = {"Set-Cookie": {
    "description": "The session: `JSESSIONID=<32 hex digits>; Path=/sinch/ecfs; HttpOnly`. Send it on every "
                   "call to /sinch/ecfs/RI/cmi (a cookie jar does).",
    "schema": {"type": "string"}, "example": "JSESSIONID=9C5A1FDB6E0A4C1B8F3D2E7A6B5C4D3E; Path=/sinch/ecfs; HttpOnly"}}
CLEARED_COOKIE = {"Set-Cookie": {
    "description": "The cookie, expired",
    "schema": {"type": "string"},
    "example": "JSESSIONID=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/sinch/ecfs; HttpOnly"}}
CORS_REFUSED = ("Forbidden: only when SIMULATOR_SINCH_CMI_CORS_ORIGINS is set and a browser's Origin is not in it "
                "(or asks for a method or header not allowed)")
LOGIN_ERRORS = {401: "Unauthorized: a wrong user or password, no `Authorization` form field, an unknown or "
                     "expired token, or neither `Authorization: ECFAuth` nor a bearer token",
                403: CORS_REFUSED}
LOGOUT_ERRORS = {401: "Unauthorized: no session, or it has ended or expired", 403: CORS_REFUSED}


def log_out() -> Response:
    """End the caller's session (the guard found it live) and expire its cookie."""
    sessions(namespace()).close(request.cookies.get(COOKIE, ""))
    response = Response(status=200)
    response.headers.remove("Content-Type")
    response.delete_cookie(COOKIE, path=ECF_MOUNT, httponly=True)
    return response


@blp.route("")
class SessionViews(MethodView):
    @login_guard
    @blp.doc(**LOGIN_BODY)
    @blp.response(200, EcfUserSchema, description="Logged in: the user, and the session cookie",
                  headers=SESSION_COOKIE)
    @documented(blp, LOGIN_ERRORS)
    def post(self) -> Response:
        """Log in: open an ECF web session, handed out as the JSESSIONID cookie

        As the official samples call it: `Authorization: ECFAuth` (any case), `Content-Type:
        application/x-www-form-urlencoded` and the form field `Authorization=Basic <base64(user:password)>`;
        or, single sign-on style, `Authorization: Bearer <token>` (tokens: POST /__admin/sinch-cmi/tokens).
        Keep the trailing slash: without it a browser's preflight gets no CORS answer. The answer
        describes the user (`id` is their GUID); every RI call then goes to /sinch/ecfs/RI/cmi with the
        cookie and no other credentials, with this user's rights. A request that still carries a session
        cookie gets a new session in its place.
        """
        ns = namespace()
        store = sessions(ns)
        store.close(request.cookies.get(COOKIE, ""))
        user: User = principal().subject
        session = store.open(user.login, ns.clock.now())
        response = jsonify(ecf_user(user))
        response.set_cookie(COOKIE, session.id, path=ECF_MOUNT, httponly=True)
        return response

    @session_guard
    @blp.response(200, description="Logged out: the session has ended", headers=CLEARED_COOKIE)
    @documented(blp, LOGOUT_ERRORS)
    def delete(self) -> Response:
        """Log out: end the session of the JSESSIONID cookie (as the CPC library's `unload` does)"""
        return log_out()


@blp.route("/logout")
class LogoutViews(MethodView):
    @session_guard
    @blp.response(200, description="Logged out: the session has ended", headers=CLEARED_COOKIE)
    @documented(blp, LOGOUT_ERRORS)
    def post(self) -> Response:
        """Log out: end the session of the JSESSIONID cookie, as a form posts it"""
        return log_out()
