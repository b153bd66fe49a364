from oauth2_provider.oauth2_validators import OAuth2Validator


class TalkativeValidator(OAuth2Validator):
    """Like many employers' providers, it says more than it is asked: the person's name and work
    email go into the ID token and the userinfo answer whatever the scopes (Haven asks for "openid"
    only), so the tests can show that Haven keeps none of it. The subject is the employee number
    (the username), not the row id, so that it can be looked for in Haven's database."""

    oidc_claim_scope = None  # every claim, whatever the scopes

    def get_claim_dict(self, request):
        user = request.user
        return {
            "sub": user.username,
            "name": user.get_full_name(),
            "given_name": user.first_name,
            "family_name": user.last_name,
            "email": user.email,
            "email_verified": True,
            "preferred_username": user.username,
        }

    def get_discovery_claims(self, request):
        return ["sub", "name", "given_name", "family_name", "email", "email_verified", "preferred_username"]
