"""Spreadsheet importer for enterprises (platform admins and authority officers; natural key: credit code).

Enterprises imported by a reviewer are entered as approved (the reviewer vouches for the list). Rows whose
credit code is already registered update that enterprise's profile instead of duplicating it.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workbridge.core.access import Actor, region_with_descendants
from workbridge.core.exceptions import PermissionDenied
from workbridge.core.importing import Column, Importer, RowProblem, choice, collect, integer, text
from workbridge.core.roles import OrgKind, Role

from . import services
from .engines.credit_code import credit_code_error
from .engines.industry import division_error
from .engines.names import normalize_name
from .models import Organization, Region, SizeBand


class EnterpriseImporter(Importer):
    kind = "enterprises"
    list_url_name = "organizations:list"
    label = gettext_lazy("Enterprises")
    natural_key = ("credit_code",)
    unique_in_file = ("normalized_name",)
    column_aliases = {"normalized_name": "name"}
    roles = (Role.AUTHORITY_OFFICER,)
    columns = (
        Column("credit_code", "Unified social credit code", "统一社会信用代码", example="91330100MA27XYZ12A"),
        Column("name", "Name", "企业名称", example="杭州某某智能装备有限公司"),
        Column(
            "region_code",
            "Division code",
            "所在地区代码",
            help_en="6-digit GB/T 2260 code of a region you cover.",
            help_zh="6 位行政区划代码（须在本辖区内）。",
            example="330100",
        ),
        Column(
            "industry_section",
            "Industry section",
            "行业门类",
            required=False,
            help_en="GB/T 4754 letter A-T.",
            help_zh="GB/T 4754 门类字母 A-T。",
            example="C",
        ),
        Column("industry_division", "Industry division", "行业大类", required=False, example="34"),
        Column("size_band", "Size", "企业规模", required=False, example="medium"),
        Column("staff_count", "Staff count", "职工人数", required=False, example="520"),
        Column("address", "Address", "地址", required=False, example="杭州市滨江区某路 1 号"),
        Column("contact_name", "Contact person", "联系人", required=False, example="陈经理"),
        Column("contact_phone", "Contact phone", "联系电话", required=False, example="0571-88880000"),
        Column("contact_email", "Contact e-mail", "联系邮箱", required=False, example="hr@example.com"),
        Column("website", "Website", "网站", required=False, example="https://example.com"),
        Column("description", "Description", "简介", required=False),
    )

    def check_permission(self, actor: Actor) -> None:
        if not (actor.is_platform_admin or actor.role == Role.AUTHORITY_OFFICER):
            raise PermissionDenied(_("Only a platform admin or an authority officer imports enterprises."))

    def prepare(self, actor: Actor) -> dict:
        regions = {r.code: r for r in Region.objects.all()}
        allowed = None if actor.is_platform_admin else set(actor.region_ids)
        existing = Organization.objects.filter(kind=OrgKind.ENTERPRISE)
        return {
            "regions": regions,
            "allowed_regions": allowed,
            "by_code": {o.credit_code: o for o in existing.select_related("region")},
            "by_name": dict(existing.values_list("normalized_name", "credit_code")),
        }

    def clean_row(self, raw: dict, ctx: dict, actor: Actor) -> dict:
        def credit_code():
            value = text(raw, "credit_code").upper().replace(" ", "")
            problem = credit_code_error(value)
            if problem:
                raise RowProblem("credit_code", _("invalid credit code: %(p)s") % {"p": problem})
            return value

        def region():
            code = text(raw, "region_code")
            found = ctx["regions"].get(code)
            if found is None:
                raise RowProblem("region_code", _("unknown division code %(c)s") % {"c": code[:10]})
            if ctx["allowed_regions"] is not None and found.pk not in ctx["allowed_regions"]:
                raise RowProblem("region_code", _("%(r)s is outside your region") % {"r": found.name})
            return found

        def industry():
            section = text(raw, "industry_section", required=False).upper()
            division = (
                text(raw, "industry_division", required=False).zfill(2)
                if text(raw, "industry_division", required=False)
                else ""
            )
            if section:
                problem = division_error(section, division)
                if problem:
                    raise RowProblem("industry_division" if division else "industry_section", problem)
            elif division:
                raise RowProblem("industry_section", _("give the section letter with the division"))
            return section, division

        values = collect(
            [
                ("credit_code", credit_code),
                ("name", lambda: text(raw, "name", max_length=200)),
                ("region", region),
                ("industry", industry),
                (
                    "size_band",
                    lambda: choice(
                        raw,
                        "size_band",
                        SizeBand.choices
                        + [("micro", "微型"), ("small", "小型"), ("medium", "中型"), ("large", "大型")],
                        required=False,
                    ),
                ),
                ("staff_count", lambda: integer(raw, "staff_count", required=False, minimum=0, maximum=5_000_000)),
                ("address", lambda: text(raw, "address", required=False, max_length=300)),
                ("contact_name", lambda: text(raw, "contact_name", required=False, max_length=60)),
                ("contact_phone", lambda: text(raw, "contact_phone", required=False, max_length=20)),
                ("contact_email", lambda: text(raw, "contact_email", required=False, max_length=254)),
                ("website", lambda: text(raw, "website", required=False, max_length=200)),
                ("description", lambda: text(raw, "description", required=False)),
            ]
        )
        values["industry_section"], values["industry_division"] = values.pop("industry")
        values["normalized_name"] = normalize_name(values["name"])
        owner = ctx["by_name"].get(values["normalized_name"])
        if owner and owner != values["credit_code"]:
            raise RowProblem(
                "name", _("an enterprise with this name is already registered under credit code %(c)s") % {"c": owner}
            )
        return values

    def find_existing(self, cleaned: dict, ctx: dict):
        return ctx["by_code"].get(cleaned["credit_code"])

    def save_row(self, cleaned: dict, existing, ctx: dict, actor: Actor) -> None:
        profile = {
            k: cleaned[k]
            for k in (
                "industry_section",
                "industry_division",
                "size_band",
                "staff_count",
                "address",
                "contact_name",
                "contact_phone",
                "contact_email",
                "website",
                "description",
            )
        }
        if existing is None:
            services.organization_create(
                actor=actor,
                kind=OrgKind.ENTERPRISE,
                name=cleaned["name"],
                region=cleaned["region"],
                credit_code=cleaned["credit_code"],
                **profile,
            )
        else:
            if (
                existing.region_id
                and not actor.is_platform_admin
                and existing.region_id not in region_with_descendants(cleaned["region"].pk)
                and existing.region_id not in actor.region_ids
            ):
                raise PermissionDenied(_("This enterprise is registered in another region."))
            services.organization_update(actor=actor, organization=existing, data={"name": cleaned["name"], **profile})

    def display_headers(self) -> list[str]:
        return [_("Credit code"), _("Name"), _("Region"), _("Industry"), _("Size")]

    def display_row(self, cleaned: dict) -> list[str]:
        return [
            cleaned["credit_code"],
            cleaned["name"],
            cleaned["region"].name,
            f"{cleaned['industry_section']}{cleaned['industry_division']}",
            cleaned["size_band"],
        ]
