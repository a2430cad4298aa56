from .views import urlpatterns_for_entities

app_name = "academics"
# departments/, majors/, cohorts/, students/, teachers/, courses/: list, new/, <id>/, <id>/edit/
urlpatterns = urlpatterns_for_entities()
