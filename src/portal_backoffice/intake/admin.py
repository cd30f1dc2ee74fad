"""Admin for intake: incoming data is read-only; thresholds and data processing rules are editable.

Incoming files and students change only through the import and the back
office's decisions, each with its audit row, so the admin shows them only.
"""

from django.contrib import admin

from .models import (
    DataConflict,
    DataProcessingRule,
    IncomingCarer,
    IncomingFile,
    IncomingStudent,
    MatchingSettings,
    PossibleMatch,
    RejectedValue,
)


class ReadOnlyAdminMixin:
    """Lets staff view records but never add, change or delete them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(ReadOnlyAdminMixin, admin.TabularInline):
    extra = 0
    show_change_link = True


@admin.register(IncomingFile)
class IncomingFileAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("file_id", "source", "module", "base", "created_at", "imported_at")
    list_filter = ("source", "module", "file_format")
    search_fields = ("file_id", "base__name")
    # The raw bytes can be large; the file is kept under PORTAL_RAW_FILE_DIR too.
    exclude = ("raw_content",)
    date_hierarchy = "imported_at"


class IncomingCarerInline(ReadOnlyInline):
    model = IncomingCarer
    fields = ("priority", "forename", "surname", "relationship", "matched_person")


class PossibleMatchInline(ReadOnlyInline):
    model = PossibleMatch
    fields = ("rank", "student", "match_probability", "match_weight", "model_version")


class DataConflictInline(ReadOnlyInline):
    model = DataConflict
    fields = ("data_group", "field", "la_value", "incoming_value", "decision")


@admin.register(IncomingStudent)
class IncomingStudentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("pk", "incoming_file", "record_number", "state", "matched_student")
    list_filter = ("state", "match_method", "incoming_file__source", "incoming_file__module")
    search_fields = ("surname", "forename", "incoming_file__file_id")
    list_select_related = ("incoming_file", "matched_student")
    inlines = (IncomingCarerInline, PossibleMatchInline, DataConflictInline)


@admin.register(DataConflict)
class DataConflictAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("pk", "incoming_student", "data_group", "field", "decision")
    list_filter = ("data_group", "decision")


@admin.register(RejectedValue)
class RejectedValueAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("student", "field", "rejected_by", "rejected_at")
    list_filter = ("field",)


@admin.register(MatchingSettings)
class MatchingSettingsAdmin(admin.ModelAdmin):
    list_display = (
        "__str__",
        "automatic_match_threshold",
        "minimum_margin",
        "possible_match_threshold",
        "maximum_possible_matches",
    )

    def has_add_permission(self, request):
        # The settings are one row, which MatchingSettings.current() creates.
        return not MatchingSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DataProcessingRule)
class DataProcessingRuleAdmin(admin.ModelAdmin):
    list_display = ("data_group", "base", "action")
    list_filter = ("data_group", "action")
    autocomplete_fields = ("base",)
