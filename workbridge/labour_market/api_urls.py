from django.urls import path

from . import apis

urlpatterns = [
    path("labour-market/postings/", apis.PostingList.as_view(), name="lm-postings"),
    path("labour-market/postings/<int:pk>/", apis.PostingDetail.as_view(), name="lm-posting"),
    path("labour-market/postings/ingest/", apis.PostingIngest.as_view(), name="lm-ingest"),
    path("labour-market/batches/<int:pk>/", apis.BatchDetail.as_view(), name="lm-batch"),
    path("labour-market/batches/<int:pk>/resume/", apis.BatchResume.as_view(), name="lm-batch-resume"),
    path("labour-market/batches/<int:pk>/rollback/", apis.BatchRollback.as_view(), name="lm-batch-rollback"),
    path("labour-market/demand/", apis.DemandTable.as_view(), name="lm-demand"),
    path("labour-market/majors/<int:pk>/matrix/", apis.MajorMatrix.as_view(), name="lm-matrix"),
    path("labour-market/warnings/", apis.WarningList.as_view(), name="lm-warnings"),
    path("labour-market/destinations/", apis.DestinationList.as_view(), name="lm-destinations"),
    path("labour-market/destinations/import/", apis.DestinationImport.as_view(), name="lm-destinations-import"),
    path("labour-market/programmes/", apis.ProgrammeList.as_view(), name="lm-programmes"),
    path("labour-market/programmes/<int:pk>/", apis.ProgrammeDetail.as_view(), name="lm-programme"),
    path("labour-market/surveys/", apis.SurveyList.as_view(), name="lm-surveys"),
    path("labour-market/surveys/<int:pk>/responses/", apis.SurveyRespond.as_view(), name="lm-survey-respond"),
    path("labour-market/skills/", apis.SkillList.as_view(), name="lm-skills"),
    path("labour-market/skills/<str:skill_id>/", apis.SkillDetail.as_view(), name="lm-skill"),
    path("labour-market/occupations/", apis.OccupationList.as_view(), name="lm-occupations"),
    path("labour-market/occupations/<str:code>/", apis.OccupationDetail.as_view(), name="lm-occupation"),
    path("labour-market/extract/", apis.Extract.as_view(), name="lm-extract"),
]
