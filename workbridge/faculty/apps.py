from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FacultyConfig(AppConfig):
    name = "workbridge.faculty"
    label = "faculty"
    verbose_name = _("Faculty")
