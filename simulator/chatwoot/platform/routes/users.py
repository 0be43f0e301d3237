"""/platform/api/v1/users: the users a platform app creates, and their single sign-on links."""

from __future__ import annotations

from typing import Any

from flask import Response, request
from flask.views import MethodView

from simulator.chatwoot.platform.render.users import user_wire
from simulator.chatwoot.platform.routes.common import (
    CREATE_ERRORS,
    RECORD_ERRORS,
    WRITE_ERRORS,
    app_part,
    blp,
    permitted,
    platform_auth,
)
from simulator.chatwoot.platform.schemas.users import LoginLinkSchema, PlatformUserSchema, PlatformUserWriteSchema
from simulator.chatwoot.platform.store.users import Users
from simulator.chatwoot.routes.common import MOUNT, answer, chatwoot_state, documented, empty


def users() -> Users:
    return app_part(Users)


@blp.route("/users")
class UsersViews(MethodView):
    @platform_auth
    @blp.arguments(PlatformUserWriteSchema, example={"name": "Jane Doe", "email": "jane@example.com",
                                                     "password": "Secret-123", "custom_attributes": {"plan": "pro"}})
    @blp.response(200, PlatformUserSchema)
    @documented(blp, CREATE_ERRORS)
    def post(self, body: dict[str, Any]) -> Response:
        """Create a User

        Confirmed at once; its `access_token` calls the application API once it is an account
        user. An existing email returns that user unchanged (and makes it permissible). A blank
        name or email, or a weak password, gives 422: the password needs 6 to 128 characters
        with an uppercase and a lowercase letter, a digit and a special character, e.g.
        `Password must contain at least 1 uppercase character (A..Z)`.
        """
        return answer(user_wire(users().create(body), chatwoot_state()))


@blp.route("/users/<int:user_id>")
class UserByIdViews(MethodView):
    @platform_auth
    @blp.response(200, PlatformUserSchema)
    @documented(blp, RECORD_ERRORS)
    def get(self, user_id: int) -> Response:
        """Get the details of an user

        Only a user this app created, or found by email on create (401 otherwise).
        """
        return answer(user_wire(users().find(user_id), chatwoot_state()))

    @platform_auth
    @permitted("User", "user_id")
    @blp.arguments(PlatformUserWriteSchema)
    @blp.response(200, PlatformUserSchema)
    @documented(blp, WRITE_ERRORS)
    def patch(self, body: dict[str, Any], user_id: int) -> Response:
        """Update a user's attributes

        `custom_attributes` are merged into the stored ones; an email change applies without
        reconfirmation.
        """
        return answer(user_wire(users().update(user_id, body), chatwoot_state()))

    put = patch

    @platform_auth
    @blp.response(200, description="Deleted (empty body)")
    @documented(blp, RECORD_ERRORS)
    def delete(self, user_id: int) -> Response:
        """Delete a user

        Its account memberships go too; its access token stops working.
        """
        users().delete(user_id)
        return empty()


@blp.route("/users/<int:user_id>/login")
class UserLoginViews(MethodView):
    @platform_auth
    @blp.response(200, LoginLinkSchema)
    @documented(blp, RECORD_ERRORS)
    def get(self, user_id: int) -> Response:
        """Get a login link for a user

        `{"url": "<frontend>/app/login?email=…&sso_auth_token=…"}` with a fresh token; the
        frontend is this simulator's Chatwoot root (`…/chatwoot`).
        """
        frontend = request.host_url.rstrip("/") + MOUNT
        return answer({"url": users().login_url(user_id, frontend)})
