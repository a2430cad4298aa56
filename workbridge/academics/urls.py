from django.urls import path

from . import views_accounts
from .views import urlpatterns_for_entities

app_name = "academics"
# departments/, majors/, cohorts/, students/, teachers/, courses/: list, new/, <id>/, <id>/edit/
urlpatterns = urlpatterns_for_entities() + [
    path("accounts/", views_accounts.overview, name="accounts"),
    path("accounts/create-missing/", views_accounts.create_missing, name="accounts-create-missing"),
    path("accounts/reset/", views_accounts.reset, name="accounts-reset"),
    path("accounts/sheets/<int:sheet_id>/", views_accounts.sheet, name="account-sheet"),
    path("accounts/sheets/<int:sheet_id>/download/", views_accounts.sheet_download, name="account-sheet-download"),
    path("accounts/first-password/", views_accounts.first_password, name="first-password"),
    path("accounts/link/", views_accounts.link, name="accounts-link"),
    path("claim/", views_accounts.claim, name="claim"),
]
