from django.urls import path

from . import views

app_name = "labour_market"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("ingest/", views.ingest, name="ingest"),
    path("batches/<int:pk>/", views.batch_detail, name="batch"),
    path("batches/<int:pk>/resume/", views.batch_resume, name="batch-resume"),
    path("batches/<int:pk>/rollback/", views.batch_rollback, name="batch-rollback"),
    path("postings/<int:pk>/", views.posting_detail, name="posting"),
    path("majors/", views.majors, name="majors"),
    path("majors/<int:pk>/", views.major_detail, name="major"),
    path("majors/<int:pk>/targets/", views.major_target, name="major-target"),
    path("courses/<int:pk>/skills/", views.course_skills, name="course-skills"),
    path("warnings/", views.warnings, name="warnings"),
    path("warnings/rules/<int:pk>/", views.warning_rule_edit, name="warning-rule"),
    path("supply/", views.supply, name="supply"),
    path("surveys/", views.surveys, name="surveys"),
    path("surveys/<int:pk>/", views.survey_detail, name="survey"),
    path("surveys/<int:pk>/answer/", views.survey_answer, name="survey-answer"),
    path("association/", views.association, name="association"),
    path("destinations/", views.destinations, name="destinations"),
    path("followup/<int:pk>/", views.followup, name="followup"),
    path("programmes/", views.programmes, name="programmes"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme"),
]
