from django.db import models


class Source(models.TextChoices):
    CITIZEN_PORTAL = "citizen_portal", "Citizen portal"
    PROVIDER_PORTAL = "provider_portal", "Provider portal"
    CTF = "ctf", "Common Transfer File"


class Module(models.TextChoices):
    FSM = "FSM", "Free school meals"
    TWO_YEAR_OLD = "2YO", "Two-year-old funding"
    TRANSPORT = "TRANSPORT", "School transport"
    HEADCOUNT = "HEADCOUNT", "Early years headcount"
    EY_ASSESSMENT = "EY_ASSESSMENT", "Early years assessment"


class State(models.TextChoices):
    INVALID = "invalid", "Invalid"
    UNMATCHED = "unmatched", "Unmatched"
    MATCHED_WITH_CONFLICTS = "matched_with_conflicts", "Matched with conflicts"
    PENDING = "pending", "Pending"
    PROCESSED = "processed", "Processed"
    DISCARDED = "discarded", "Discarded"
    CLEARED = "cleared", "Cleared"


OUTSTANDING_STATES = (State.UNMATCHED, State.MATCHED_WITH_CONFLICTS, State.PENDING)


class MatchMethod(models.TextChoices):
    AUTOMATIC = "automatic", "Matched automatically"
    SELECTED = "selected", "Selected by an officer"
    ADDED = "added", "Added as a new student"


class DataGroup(models.TextChoices):
    NAMES = "names", "Names"
    ADDRESS = "address", "Address"
    SEN = "sen", "SEN"
    LEAVERS = "leavers", "Leavers"
    EXCLUSIONS = "exclusions", "Exclusions"
    LOOKED_AFTER = "looked_after", "Looked After"
    CARERS = "carers", "Carers"
    BASIC_DETAILS = "basic_details", "Basic details"
    IDENTIFIERS = "identifiers", "Identifiers"


class RuleAction(models.TextChoices):
    ALWAYS_IMPORT = "always_import", "Always import"
    ALWAYS_CONFLICT = "always_conflict", "Always put in conflict"
    IMPORT_IF_EMPTY = "import_if_empty", "Import if empty, else conflict"
    NEVER_IMPORT = "never_import", "Never import"


class ConflictDecision(models.TextChoices):
    OPEN = "open", "Not decided"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"
    DISCARDED = "discarded", "Discarded"
