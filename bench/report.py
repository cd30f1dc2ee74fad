"""Print the benchmark figures and write them to docs/benchmarks.md."""

from pathlib import Path

_BARS = (
    "No more than 1 wrong automatic match per 10,000 incoming children. At least 92% "
    "of held children matched automatically. The right student among the first five "
    "possible matches for at least 99.5% of held children left to an officer. No twin, "
    "sibling or parent matched automatically. Where measured, one search at p95 under "
    "100 ms, and the whole Django import of the batch in 30 s or less with a peak under "
    "2 GiB."
)


_GENERATOR = (
    "The generator (src/portal_backoffice/synthetic) gives each community of the LA its "
    "own names. English families take a listed surname a fifth of the time and otherwise "
    "an invented compound one. Every other community takes a listed surname only part of "
    "the time: 12% of Polish families, 35% of Welsh ones and 45% of Chinese and South "
    "Asian ones, whose real surnames are concentrated. Otherwise it takes one of a long "
    "tail of 70 to 400 surnames made from parts that sound like the community's own "
    "(synthetic/surnames.py). The shares are rounded up from estimates of real surname "
    "spread, so same-named children are more common than in a real LA. Forenames are "
    "still far more concentrated than real ones: about a third of Polish boys are Jakub."
)


def _percent(value: float) -> str:
    return f"{value:.2%}"


def _load(averages: list[float]) -> str:
    return " / ".join(f"{value:.1f}" for value in averages)


def _table(header: list[str], rows: list[list]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return lines


def _machine_lines(results: dict) -> list[str]:
    machine = results["machine"]
    rows = [
        ["CPU", machine["cpu_model"]],
        ["cores", machine["cores"]],
        ["memory", f"{machine['memory_gb']:.1f} GiB"],
        ["Python", machine["python"]],
    ]
    rows += [[name, version] for name, version in machine["packages"].items()]
    return ["## Machine", "", *_table(["", ""], rows), ""]


def _febrl_lines(febrl: dict | None) -> list[str]:
    lines = ["## FEBRL4", ""]
    if febrl is None:
        return [*lines, "Not run (--skip-febrl).", ""]
    met = "met" if febrl["f1"] >= 0.999 else "missed"
    linked = febrl["true_pair_linked"] / febrl["incoming"]
    rows = [
        ["model", f"{febrl['model_version']}: {febrl['training_note']}"],
        ["pairs kept", f"{febrl['automatic']:,} ({febrl['correct']:,} right)"],
        ["precision", f"{febrl['precision']:.4f}"],
        ["recall", f"{febrl['recall']:.4f}"],
        ["F1", f"{febrl['f1']:.4f} (target 0.999: {met})"],
        [
            f"one-to-one at probability {febrl['strict_threshold']} (the automatic-match "
            "threshold)",
            _figures(febrl, "strict"),
        ],
        ["model alone: best candidate at probability 0.5 or more", _figures(febrl, "best")],
        ["true pair returned by MatchIndex.link (blocking recall)", _percent(linked)],
        ["pairs scored above the link floor", f"{febrl['pairs_scored']:,}"],
        ["training", f"{febrl['training_seconds']:.1f} s"],
        ["index, link and one-to-one assignment", f"{febrl['seconds']:.1f} s"],
        ["child model child-v4 with decide, for comparison", _figures(febrl, "child_model")],
    ]
    reasons = [[count, reason] for reason, count in febrl["not_automatic_reasons"].items()]
    return [
        *lines,
        "Set B (5,000 corrupted copies) is the register and set A (5,000 originals) the "
        "incoming file. Each A record has exactly one true pair in B. FEBRL's adults have "
        "a social security number and Australian addresses, so the benchmark declares "
        "FEBRL's columns with the matcher's roles (bench/febrl.py). The product's code "
        "builds a model from that declaration and trains it without labels: u from "
        "random pairs of set B, m by expectation maximisation. MatchIndex.link scores A "
        "against B, and the one-to-one assignment keeps the pairs at probability 0.5 or "
        "more, best first, each record in at most one pair. The true pairs only score "
        "the result.",
        "",
        *_table(["figure", "value"], rows),
        "",
        "Why A records were left without a pair:",
        "",
        *_table(["A records", "reason"], reasons),
        "",
    ]


def _figures(febrl: dict, prefix: str) -> str:
    if prefix == "best":
        prefix = "best_candidate"
    return (
        f"precision {febrl[f'{prefix}_precision']:.4f}, "
        f"recall {febrl[f'{prefix}_recall']:.4f}, "
        f"F1 {febrl[f'{prefix}_f1']:.4f}"
    )


def _accuracy_rows(runs: list[dict]) -> list[list]:
    rows = []
    for run in runs:
        accuracy = run["accuracy"]
        dangerous = accuracy["dangerous_automatic"]
        rows.append(
            [
                f"{run['students']:,}",
                f"{accuracy['incoming']:,}",
                f"{accuracy['held']:,}",
                f"{accuracy['wrong']} ({accuracy['wrong_per_10000']:.1f})",
                _percent(accuracy["automatic_rate"]),
                f"{_percent(accuracy['top_five_rate'])} of {accuracy['left_to_officer']:,}",
                ", ".join(f"{kind} {count}" for kind, count in dangerous.items()),
                _bars_cell([*accuracy["failures"], *run.get("speed_failures", [])]),
            ]
        )
    return rows


def _bars_cell(failures: list[str]) -> str:
    return "; ".join(failures) if failures else "all met"


def _error_kind_lines(run: dict) -> list[str]:
    rows = [
        [
            kind,
            counts["incoming"],
            counts["automatic_right"],
            counts["automatic_wrong"],
            counts["review"],
            counts["no_match"],
            counts["top_five_missed"],
        ]
        for kind, counts in run["accuracy"]["by_error_kind"].items()
    ]
    header = ["error kind", "incoming", "automatic right", "automatic wrong", "review"]
    header += ["no match", "not in first five"]
    return [
        f"### By error kind, {run['students']:,} students",
        "",
        "A held child sent with two errors counts in both rows; new children are counted "
        "by how they relate to the register.",
        "",
        *_table(header, rows),
        "",
    ]


def _reason_lines(run: dict) -> list[str]:
    reasons = run["accuracy"]["held_not_automatic_reasons"]
    if not reasons:
        return []
    rows = [[count, reason] for reason, count in reasons.items()]
    by_kind = run["accuracy"]["reasons_by_error_kind"]
    return [
        f"#### Why held children were not matched automatically, {run['students']:,} students",
        "",
        *_table(["held children", "reason (numbers replaced by N)"], rows),
        "",
        *_table(["error kind", "reason", "held children"], by_kind),
        "",
        "Comparison levels of the right student where it ranked first but was not "
        "matched automatically (the 30 commonest):",
        "",
        *_table(["reason", "levels", "held children"], run["accuracy"]["true_best_levels"]),
        "",
    ]


def _case_lines(title: str, cases: list[dict], shown: int = 20) -> list[str]:
    if not cases:
        return []
    title += f" (first {shown})" if len(cases) > shown else ""
    cases = cases[:shown]
    rows = [
        [
            case["incoming_id"],
            case["error_kind"],
            case["true_student_id"],
            case["student_id"] if case["student_id"] is not None else "",
            case["relation"],
            "" if case["match_probability"] is None else f"{case['match_probability']:.4f}",
            case["true_rank"] if case["true_rank"] is not None else "absent",
            case["reason"],
        ]
        for case in cases
    ]
    header = ["incoming", "error kind", "true student", "matched student", "relation"]
    header += ["top probability", "true rank", "reason"]
    return [title, "", *_table(header, rows), ""]


def _phase_lines(run: dict) -> list[str]:
    if not run.get("phases"):
        return []
    rows = [
        [
            phase["name"],
            f"{phase['seconds']:.2f}",
            f"{phase['peak_rss_mib']:,.0f}",
            f"{phase['start_rss_mib']:,.0f}",
            phase["note"],
        ]
        for phase in run["phases"]
    ]
    lines = [
        f"### Time and memory per phase: {run['batch']:,} incoming against "
        f"{run['students']:,} students",
        "",
        "Peak is the process's peak resident memory during the phase (Linux VmHWM, reset "
        "before each phase); it includes what earlier phases left in memory, shown as "
        "the resident memory at the start.",
        "",
        *_table(["phase", "seconds", "peak MiB", "start MiB", "note"], rows),
        "",
    ]
    if "import_seconds" in run:
        lines += [
            f"The whole Django import of the batch (the three import phases): "
            f"{run['import_seconds']:.1f} s (bar 30 s), peak {run['import_peak_mib']:,.0f} MiB "
            "(bar under 2 GiB).",
            "",
        ]
    for missing in run.get("phases_not_measured", []):
        lines.append(f"- Not measured: {missing}")
    if run.get("phases_not_measured"):
        lines.append("")
    return lines


def _search_lines(run: dict) -> list[str]:
    lines = [f"### One search against {run['students']:,} students", ""]
    search = run.get("search")
    if search:
        lines += [
            f"{search['queries']} calls of MatchIndex.search (limit {search['limit']}), "
            f"after one warm-up call: p50 {search['p50_ms']:.0f} ms, "
            f"p95 {search['p95_ms']:.0f} ms, maximum {search['max_ms']:.0f} ms.",
            "",
        ]
    lines += [
        f"MatchIndex.link on one child, on an open index: {run['link_one_ms']:.0f} ms "
        "(median of 5), the fixed cost of one matching pass.",
        "",
    ]
    return lines


def _batch_lines(run: dict) -> list[str]:
    """Describe the batch and, when it was imported, what the Django import made of it."""
    lines = [
        f"### The batch, {run['students']:,} students",
        "",
        f"- {run['batch']:,} children in {run['files']:,} portal files; "
        f"{run['invalid_incoming']:,} invalid (kept as invalid, never matched); "
        f"{run['validity_disagreements']} on which read_portal_file and the generator "
        "disagree about validity.",
        f"- {run['relative_pairs']:,} (child, register twin or sibling) pairs; "
        f"{run['parent_pairs']:,} same-named parents, who are register people, not "
        "students, so the child matcher cannot match them.",
        f"- {run['same_student_in_file']} automatic matches share their student with "
        "another child of the same file (the import sends those to review).",
    ]
    imported = run.get("import_accuracy")
    if imported:
        states = ", ".join(f"{state} {count:,}" for state, count in run["import_states"].items())
        lines += [
            f"- Through the Django import: {imported['automatic']:,} automatic matches, "
            f"{imported['wrong']} wrong, automatic rate for held valid children "
            f"{_percent(imported['automatic_rate'])}. States: {states}.",
        ]
    return [*lines, ""]


def _synthetic_lines(runs: list[dict]) -> list[str]:
    lines = [
        "## Synthetic LA",
        "",
        _GENERATOR,
        "",
        f"The bars: {_BARS} A held child is one the register already contains; "
        "wrong matches are counted per 10,000 valid incoming children.",
        "",
        *_table(
            [
                "register students",
                "incoming",
                "held",
                "wrong automatic (per 10,000)",
                "automatic rate, held",
                "right student in first five",
                "relatives matched automatically",
                "bars",
            ],
            _accuracy_rows(runs),
        ),
        "",
    ]
    for run in runs:
        lines += _error_kind_lines(run)
        lines += _reason_lines(run)
        lines += _case_lines(
            f"#### Wrong automatic matches, {run['students']:,} students",
            run["accuracy"]["wrong_cases"],
        )
        lines += _case_lines(
            f"#### Held children without the right student in the first five, "
            f"{run['students']:,} students",
            run["accuracy"]["top_five_missed_cases"],
        )
        lines += _batch_lines(run)
        lines += _phase_lines(run)
        lines += _search_lines(run)
    return lines


def report_markdown(results: dict) -> str:
    """Render the results of one bench run as the benchmarks page."""
    lines = [
        "# Matching benchmarks",
        "",
        f"Measured on {results['started']} by `{results['command']}` "
        f"in {results['seconds'] / 60:.1f} minutes, seed {results['seed']}, "
        f"on commit {results['source']}. "
        "Every figure on this page comes from that run; `make bench` rewrites the page.",
        "",
        "Load average (1, 5 and 15 minutes) at the start "
        f"{_load(results['load_average_at_start'])} and at the end "
        f"{_load(results['load_average'])}: times measured while other work shares the "
        "cores are longer than on an idle machine.",
        "",
        *_machine_lines(results),
        *_febrl_lines(results.get("febrl")),
        *_synthetic_lines(results["synthetic"]),
    ]
    return "\n".join(lines).rstrip() + "\n"


# bench/load.py writes this section; a matching run keeps it as it was.
LOAD_HEADING = "## Load"


def report_write(results: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    load_section = ""
    if path.exists():
        existing = path.read_text(encoding="utf-8")
        start = existing.find("\n" + LOAD_HEADING + "\n")
        if start != -1:
            load_section = "\n" + existing[start + 1 :]
    path.write_text(report_markdown(results) + load_section, encoding="utf-8")
