"""The read-only history of one LA student, for officers with either back office permission."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from portal_backoffice.accounts.permissions import (
    CONFLICT_MANAGEMENT_PERMISSION,
    LA_DATA_PROCESSING_PERMISSION,
)
from portal_backoffice.register.models import Student

from .. import presenters
from ..student_history import student_timeline


@require_GET
def student_history(request: HttpRequest, student_id: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not (
        request.user.has_perm(LA_DATA_PROCESSING_PERMISSION)
        or request.user.has_perm(CONFLICT_MANAGEMENT_PERMISSION)
    ):
        raise PermissionDenied("You do not have permission to view a student's history.")

    student = Student.objects.select_related("base").filter(pk=student_id).first()
    if student is None:
        raise Http404(f"Student {student_id} not found.")

    context = {
        "student": student,
        "details": presenters.student_details(student),
        "history": student_timeline(student),
    }
    return render(request, "review/student_history.html", context)
