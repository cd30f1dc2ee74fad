"""The Carers tab's actions: Match an incoming carer to a person, or Add New Person."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from portal_backoffice.accounts.permissions import (
    LA_DATA_PROCESSING_PERMISSION,
    permission_required,
)
from portal_backoffice.intake.models import IncomingCarer
from portal_backoffice.intake.models.choices import State
from portal_backoffice.intake.services.linking import IncomingStudentChanged
from portal_backoffice.register.models import Person

from ..carer_candidates import carer_candidates_for
from ..carer_forms import PersonForm
from ..forms import SelectForm
from ..services import (
    CarerLink,
    NiNumberHeld,
    incoming_carer_person_add,
    incoming_carer_person_select,
)
from .matching import CHANGED_MESSAGE

# The form fields in the order the error summary lists them.
PERSON_FIELD_ORDER = list(PersonForm.base_fields)


@require_http_methods(["GET"])
@permission_required(LA_DATA_PROCESSING_PERMISSION, action="match carers")
def carer_possible_matches(request: HttpRequest, incoming_carer_id: int) -> HttpResponse:
    return _possible_matches_render(request, _incoming_carer_or_404(incoming_carer_id))


@require_POST
@permission_required(LA_DATA_PROCESSING_PERMISSION, action="match carers")
def carer_select(request: HttpRequest, incoming_carer_id: int) -> HttpResponse:
    carer = _incoming_carer_or_404(incoming_carer_id)
    form = SelectForm(request.POST)
    listed = {candidate.person.pk for candidate in carer_candidates_for(carer)}
    # The form's student_id field carries the chosen person's id here.
    if not form.is_valid() or form.cleaned_data["student_id"] not in listed:
        errors = [{"text": "Select one of the possible matches", "href": "#possible-matches"}]
        return _possible_matches_render(request, carer, errors=errors, status=400)

    try:
        incoming_student = incoming_carer_person_select(
            incoming_carer_id=carer.pk,
            person_id=form.cleaned_data["student_id"],
            actor=request.user,
            expected_version=form.cleaned_data["version"],
        )
    except (IncomingStudentChanged, Person.DoesNotExist):
        errors = [{"text": CHANGED_MESSAGE, "href": "#incoming-carer"}]
        fresh = _incoming_carer_or_404(incoming_carer_id)
        return _possible_matches_render(request, fresh, errors=errors, status=409)

    return _resolved_redirect(request, carer, incoming_student)


@require_http_methods(["GET", "POST"])
@permission_required(LA_DATA_PROCESSING_PERMISSION, action="add carers")
def carer_add_person(request: HttpRequest, incoming_carer_id: int) -> HttpResponse:
    carer = _incoming_carer_or_404(incoming_carer_id)
    if request.method == "GET":
        return _add_person_render(request, carer, PersonForm.from_incoming_carer(carer))

    form = PersonForm(request.POST)
    version_text = request.POST.get("version", "")
    # A missing version matches no student's, so the page reports the change.
    version = int(version_text) if version_text.isdigit() else 0
    if not form.is_valid():
        return _add_person_render(request, carer, form, status=400)

    try:
        incoming_student = incoming_carer_person_add(
            incoming_carer_id=carer.pk,
            person_values=form.person_values(),
            link=CarerLink(
                relationship=form.cleaned_data["relationship"],
                parental_responsibility=form.cleaned_data["parental_responsibility"],
            ),
            actor=request.user,
            expected_version=version,
        )
    except NiNumberHeld as held:
        form.add_error("ni_number", held.message)
        return _add_person_render(request, carer, form, status=400)
    except IncomingStudentChanged:
        fresh = _incoming_carer_or_404(incoming_carer_id)
        errors = [{"text": CHANGED_MESSAGE, "href": "#incoming-carer"}]
        return _add_person_render(request, fresh, form, errors=errors, status=409)

    return _resolved_redirect(request, carer, incoming_student)


def _resolved_redirect(request, carer, incoming_student) -> HttpResponse:
    state = State(incoming_student.state).label.lower()
    messages.success(
        request,
        f"{carer.display_name or 'The carer'} is now a carer of student "
        f"{incoming_student.matched_student_id}. {incoming_student.display_name} is now {state}.",
    )
    if incoming_student.state == State.MATCHED_WITH_CONFLICTS:
        return redirect(reverse("review:conflicts", args=[incoming_student.pk]) + "#carers")
    return redirect("review:matched_with_conflicts")


def _possible_matches_render(request, carer, *, errors=None, status=200) -> HttpResponse:
    context = {
        "carer": carer,
        "incoming_student": carer.incoming_student,
        "candidates": carer_candidates_for(carer),
        "errors": errors or [],
    }
    return render(request, "review/carer_possible_matches.html", context, status=status)


def _add_person_render(request, carer, form, *, errors=None, status=200) -> HttpResponse:
    if errors is None:
        errors = [
            {"text": str(error), "href": f"#{name.replace('_', '-')}"}
            for name in PERSON_FIELD_ORDER
            for error in form.errors.get(name, [])
        ]
    context = {
        "carer": carer,
        "incoming_student": carer.incoming_student,
        "form": form,
        "errors": errors,
    }
    return render(request, "review/carer_add_person.html", context, status=status)


def _incoming_carer_or_404(incoming_carer_id: int) -> IncomingCarer:
    carer = IncomingCarer.objects.select_related("incoming_student").filter(pk=incoming_carer_id)
    found = carer.first()
    if found is None:
        raise Http404(f"Incoming carer {incoming_carer_id} not found.")
    return found
