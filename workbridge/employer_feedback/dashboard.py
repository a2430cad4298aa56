from django.utils.translation import gettext_lazy as _

from workbridge.core.registry import SOON, Todo


def todos(actor) -> list[Todo]:
    from .selectors import my_open_tasks, waiting_forms

    return [
        Todo(
            _("Employer feedback forms to answer"),
            waiting_forms(actor=actor).count(),
            "/employer-feedback/#forms",
            SOON,
        ),
        Todo(
            _("Capabilities employers rated low: review the teaching"),
            my_open_tasks(actor=actor).count(),
            "/employer-feedback/#tasks",
            SOON,
        ),
    ]
