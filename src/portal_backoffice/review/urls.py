from django.urls import path

from . import views
from .views import carers, files, search, students, uploads

app_name = "review"

urlpatterns = [
    path("", search.search, name="search"),
    path("incoming-files/", files.incoming_files, name="files"),
    path("incoming-files/export/", files.incoming_files_export, name="files_export"),
    path(
        "incoming-files/clear-conflicts/",
        files.incoming_files_clear_conflicts,
        name="files_clear_conflicts",
    ),
    path(
        "incoming-files/clear-students/",
        files.incoming_files_clear_students,
        name="files_clear_students",
    ),
    path("incoming-files/wide-view/", files.wide_view, name="files_wide_view"),
    path("uploads/", uploads.upload, name="upload"),
    path("uploads/<int:job_id>/", uploads.upload_job, name="upload_job"),
    path("incoming-students/unmatched/", views.unmatched, name="unmatched"),
    path("incoming-students/pending/", views.pending, name="pending"),
    path(
        "incoming-students/matched-with-conflicts/",
        views.matched_with_conflicts,
        name="matched_with_conflicts",
    ),
    path("incoming-students/add-new/", views.add_new, name="add_new"),
    path("incoming-students/discard/", views.discard, name="discard"),
    path(
        "incoming-students/<int:incoming_student_id>/possible-matches/",
        views.possible_matches,
        name="possible_matches",
    ),
    path(
        "incoming-students/<int:incoming_student_id>/select/",
        views.select,
        name="select",
    ),
    path(
        "incoming-students/<int:incoming_student_id>/conflicts/",
        views.conflicts,
        name="conflicts",
    ),
    path(
        "incoming-carers/<int:incoming_carer_id>/possible-matches/",
        carers.carer_possible_matches,
        name="carer_possible_matches",
    ),
    path(
        "incoming-carers/<int:incoming_carer_id>/select/",
        carers.carer_select,
        name="carer_select",
    ),
    path(
        "incoming-carers/<int:incoming_carer_id>/add-new-person/",
        carers.carer_add_person,
        name="carer_add_person",
    ),
    path("students/<int:student_id>/history/", students.student_history, name="student_history"),
]
