from django.urls import path

from . import apis
from . import apis_actions as actions

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
    path("labour-market/programmes/", actions.ProgrammeListCreate.as_view(), name="lm-programmes"),
    path("labour-market/programmes/<int:pk>/", apis.ProgrammeDetail.as_view(), name="lm-programme"),
    path("labour-market/surveys/", actions.SurveyListCreate.as_view(), name="lm-surveys"),
    path("labour-market/surveys/<int:pk>/responses/", apis.SurveyRespond.as_view(), name="lm-survey-respond"),
    # The twins of the pages' actions (apis_actions.py).
    path("labour-market/majors/<int:pk>/targets/", actions.MajorTargets.as_view(), name="lm-major-targets"),
    path(
        "labour-market/majors/<int:pk>/targets/<int:target_pk>/",
        actions.MajorTargetRemove.as_view(),
        name="lm-major-target",
    ),
    path("labour-market/courses/<int:pk>/skills/", actions.CourseSkills.as_view(), name="lm-course-skills"),
    path(
        "labour-market/courses/<int:pk>/skills/suggest/",
        actions.CourseSkillsSuggest.as_view(),
        name="lm-course-skills-suggest",
    ),
    path(
        "labour-market/courses/<int:pk>/skills/<int:tag_pk>/decide/",
        actions.CourseSkillDecide.as_view(),
        name="lm-course-skill-decide",
    ),
    path("labour-market/warnings/recompute/", actions.WarningRecompute.as_view(), name="lm-warnings-recompute"),
    path("labour-market/warning-rules/<int:pk>/", actions.WarningRuleUpdate.as_view(), name="lm-warning-rule"),
    path("labour-market/surveys/<int:pk>/questions/", actions.SurveyQuestions.as_view(), name="lm-survey-questions"),
    path("labour-market/surveys/<int:pk>/invite/", actions.SurveyInvite.as_view(), name="lm-survey-invite"),
    path("labour-market/surveys/<int:pk>/status/", actions.SurveySetStatus.as_view(), name="lm-survey-status"),
    path("labour-market/association/standards/", actions.Standards.as_view(), name="lm-standards"),
    path("labour-market/association/forecasts/", actions.Forecasts.as_view(), name="lm-forecasts"),
    path("labour-market/followups/<int:pk>/answer/", actions.FollowUpAnswer.as_view(), name="lm-followup-answer"),
    path("labour-market/programmes/<int:pk>/versions/", actions.ProgrammeRevise.as_view(), name="lm-programme-revise"),
    path(
        "labour-market/programmes/<int:pk>/comments/", actions.ProgrammeComment.as_view(), name="lm-programme-comment"
    ),
    path(
        "labour-market/programmes/<int:pk>/reviewers/",
        actions.ProgrammeReviewers.as_view(),
        name="lm-programme-reviewers",
    ),
    path("labour-market/programmes/<int:pk>/sign/", actions.ProgrammeSign.as_view(), name="lm-programme-sign"),
    path("labour-market/skills/", apis.SkillList.as_view(), name="lm-skills"),
    path("labour-market/skills/<str:skill_id>/", apis.SkillDetail.as_view(), name="lm-skill"),
    path("labour-market/occupations/", apis.OccupationList.as_view(), name="lm-occupations"),
    path("labour-market/occupations/<str:code>/", apis.OccupationDetail.as_view(), name="lm-occupation"),
    path("labour-market/extract/", apis.Extract.as_view(), name="lm-extract"),
]
