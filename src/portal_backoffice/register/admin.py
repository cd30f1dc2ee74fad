"""Admin for the LA register: bases and base types are editable; students and people are shown.

Students and people change through imports and officers' decisions, which
record the replaced values and keep the match index up to date. An edit in
the admin would do neither, so the admin shows them read-only.
"""

from django.contrib import admin

from portal_backoffice.intake.admin import ReadOnlyAdminMixin, ReadOnlyInline

from .models import (
    Base,
    BaseType,
    Exclusion,
    FormerSurname,
    FormerUpn,
    LookedAfterPeriod,
    Person,
    SenEntry,
    Student,
    StudentAddress,
    StudentCarer,
    ValueChange,
)


@admin.register(BaseType)
class BaseTypeAdmin(admin.ModelAdmin):
    search_fields = ("name",)


@admin.register(Base)
class BaseAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "base_type",
        "la_code",
        "establishment_number",
        "portal_application_type",
    )
    list_filter = ("base_type",)
    search_fields = ("name", "establishment_number")


class FormerSurnameInline(ReadOnlyInline):
    model = FormerSurname


class FormerUpnInline(ReadOnlyInline):
    model = FormerUpn


class StudentAddressInline(ReadOnlyInline):
    model = StudentAddress


class SenEntryInline(ReadOnlyInline):
    model = SenEntry


class ExclusionInline(ReadOnlyInline):
    model = Exclusion


class LookedAfterInline(ReadOnlyInline):
    model = LookedAfterPeriod


class StudentCarerInline(ReadOnlyInline):
    model = StudentCarer
    fk_name = "student"


@admin.register(Student)
class StudentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("pk", "legal_surname", "legal_forename", "base", "ncy")
    list_filter = ("base__base_type", "ncy", "do_not_link")
    search_fields = ("legal_surname", "legal_forename", "upn")
    list_select_related = ("base",)
    inlines = (
        FormerSurnameInline,
        FormerUpnInline,
        StudentAddressInline,
        SenEntryInline,
        ExclusionInline,
        LookedAfterInline,
        StudentCarerInline,
    )


@admin.register(Person)
class PersonAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("pk", "surname", "forename", "postcode")
    search_fields = ("surname", "forename", "ni_number")


@admin.register(ValueChange)
class ValueChangeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "model",
        "object_id",
        "field",
        "changed_by",
        "changed_at",
        "incoming_student_id",
    )
    list_filter = ("model", "field")
