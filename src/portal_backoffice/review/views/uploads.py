"""Upload a portal file, and follow its background import on the job page."""

from django import forms
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_http_methods

from portal_backoffice.accounts.permissions import (
    LA_DATA_PROCESSING_PERMISSION,
    permission_required,
)
from portal_backoffice.intake.models import ImportJob
from portal_backoffice.intake.tasks import import_job_create

# Seconds between htmx's requests for the job's progress while the import runs.
JOB_PAGE_REFRESH_SECONDS = 3


class UploadForm(forms.Form):
    portal_file = forms.FileField(
        label="Upload a portal file",
        error_messages={"required": "Select a portal file", "empty": "The selected file is empty"},
    )

    def clean_portal_file(self):
        upload = self.cleaned_data["portal_file"]
        limit = settings.PORTAL_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                f"{upload.name} is {_megabytes(upload.size)}. "
                f"The selected file must be smaller than {_megabytes(limit)}"
            )
        return upload


@require_http_methods(["GET", "POST"])
@permission_required(LA_DATA_PROCESSING_PERMISSION, action="upload portal files")
def upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    if request.method != "POST" or not form.is_valid():
        errors = [
            {"text": str(error), "href": "#portal_file"}
            for error in form.errors.get("portal_file", [])
        ]
        status = 400 if request.method == "POST" else 200
        context = {
            "form": form,
            "errors": errors,
            "max_megabytes": _megabytes(settings.PORTAL_MAX_UPLOAD_BYTES),
        }
        return render(request, "review/upload.html", context, status=status)

    upload_file = form.cleaned_data["portal_file"]
    job = import_job_create(
        content=upload_file.read(), name=upload_file.name, uploaded_by=request.user
    )
    return redirect("review:upload_job", job_id=job.pk)


@require_GET
@permission_required(LA_DATA_PROCESSING_PERMISSION, action="upload portal files")
def upload_job(request: HttpRequest, job_id: int) -> HttpResponse:
    # Officers with the permission all work the same queues, so any of them may
    # follow any upload; the file's bytes are never shown.
    job = (
        ImportJob.objects.defer("content").select_related("incoming_file").filter(pk=job_id).first()
    )
    if job is None:
        raise Http404("No upload with this number")

    context = {
        "job": job,
        "refresh_seconds": None if job.is_finished else JOB_PAGE_REFRESH_SECONDS,
        "percent": _percent(job.progress_done, job.progress_total),
    }
    template = "review/upload_job.html"
    if _is_htmx(request):
        # htmx polls the status region alone. The state the page last showed
        # comes back in "shown", so screen readers hear only a change of state.
        if request.GET.get("shown") != job.state:
            context["announcement"] = f"Status: {job.get_state_display()}. {job.message}".strip()
        template = "review/upload_job.html#job-status-update"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


def _is_htmx(request: HttpRequest) -> bool:
    """Return whether htmx asked for part of the page, rather than the browser for all of it."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def _percent(done: int, total: int) -> int | None:
    return None if total == 0 else min(100, done * 100 // total)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"
