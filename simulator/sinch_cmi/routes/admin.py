"""/__admin/sinch-cmi: what Contact Pro's System Configurator does (users, rights, queues), and SSO tokens."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask.views import MethodView

from simulator.core.api import ControlBlueprint
from simulator.core.runtime import namespace
from simulator.sinch_cmi.models import Queue, User
from simulator.sinch_cmi.render.admin import issued_token
from simulator.sinch_cmi.routes.common import cmi_state, new_guid
from simulator.sinch_cmi.schemas.admin import QueueSchema, TokenRequestSchema, TokenSchema, UserSchema, UserWriteSchema
from simulator.sinch_cmi.store.sessions import sessions
from simulator.sinch_cmi.store.users import issue_token, upsert_user

admin = ControlBlueprint("admin_sinch_cmi", __name__, url_prefix="/__admin/sinch-cmi",
                        description="Sinch CMI: Contact Pro users, rights and queues")


@admin.route("/users")
class UsersViews(MethodView):
    @admin.response(200, UserSchema(many=True))
    def get(self) -> list[User]:
        """List Contact Pro users (passwords are not shown)"""
        return list(cmi_state().users.values())

    @admin.arguments(UserWriteSchema)
    @admin.response(201, UserSchema)
    @admin.alt_response(400, response="BAD_REQUEST")
    def post(self, body: dict[str, Any]) -> User:
        """Create or replace a user (by login) with the given rights

        Rights: MANAGE_CONTACT_HISTORY / MANAGE_OWN_CONTACT_HISTORY, OUTBOUND_CUSTOMER_VIEW,
        LISTEN_TO_RECORDING, CALLBACKS_VIEW / _CREATE / _MODIFY, STATISTICS_DETAILS /
        OWN_STATISTICS_DETAILS, MESSAGING, CONSENTS_VIEW / _CREATE / _DELETE. Queue-scope rights
        cover the listed queues; the OWN_ variants cover the contacts the user handled.
        """
        ns = namespace()
        return upsert_user(cmi_state(ns), lambda: new_guid(ns), **body)


@admin.route("/queues")
class QueuesViews(MethodView):
    @admin.response(200, QueueSchema(many=True))
    def get(self) -> list[Queue]:
        """List the queues (ids for `from_queue`, numbers for callbacks, addresses for messages)"""
        return list(cmi_state().queues.values())


@admin.route("/tokens")
class TokensViews(MethodView):
    @admin.arguments(TokenRequestSchema)
    @admin.response(201, TokenSchema)
    @admin.alt_response(400, response="BAD_REQUEST")
    def post(self, body: dict[str, Any]) -> dict[str, Any]:
        """Issue a bearer token for a user, as single sign-on would

        The token works on every CMI call (`Authorization: Bearer <token>` at /sinch/cmi or
        /sinch/ecfs/RI/cmi) and logs in to an ECF web session (POST /sinch/ecfs/authentication/ with that
        header), with the user's rights, until it expires on the simulator clock. A reset of the namespace
        drops it.
        """
        ns = namespace()
        token = issue_token(cmi_state(ns), sessions(ns), login=body["login"], now=ns.clock.now(),
                            lifetime=timedelta(seconds=body["expires_in"]), value=body.get("token"))
        return issued_token(token, body["expires_in"])


BLUEPRINTS = [admin]
