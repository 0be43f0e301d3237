"""GET /api/v1/profile: the token owner's user record with its accounts."""

from __future__ import annotations

from flask import Response
from flask.views import MethodView

from simulator.chatwoot.render.profile import profile_wire
from simulator.chatwoot.routes.common import answer, blueprint, chatwoot_state, documented, user_auth, users_only
from simulator.chatwoot.schemas.profile import ProfileSchema
from simulator.core.guard import principal

blp = blueprint("chatwoot_profile", __name__, "Profile")


@blp.route("/profile")
class ProfileViews(MethodView):
    @user_auth
    @users_only
    @blp.response(200, ProfileSchema)
    @documented(blp, {401: "No or unknown token"})
    def get(self) -> Response:
        """Fetch the user profile

        The user record of the token's owner, with every account it belongs to.
        """
        state = chatwoot_state()
        return answer(profile_wire(principal().subject, state, None))
