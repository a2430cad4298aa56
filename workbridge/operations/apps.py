from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "workbridge.operations"
    label = "operations"
    verbose_name = _("Operations")

    def ready(self):
        from .jobs import connect_recording

        # Every run of a scheduled job leaves a JobRun row, whether beat, a worker or `run_job` from cron ran it.
        connect_recording()
