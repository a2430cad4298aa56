from oauth2_provider.oauth2_validators import OAuth2Validator


class CampusValidator(OAuth2Validator):
    """The campus ID (student or staff number) is the user name; it goes out as preferred_username."""

    oidc_claim_scope = None  # release the claims below whatever scopes were asked

    def get_additional_claims(self, request):
        return {"preferred_username": request.user.username, "name": request.user.get_full_name()}
