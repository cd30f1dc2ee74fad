"""A matching run rewrites docs/benchmarks.md but keeps the load test's section."""

from bench import report


def test_report_write_keeps_load_section(tmp_path, monkeypatch):
    monkeypatch.setattr(report, "report_markdown", lambda results: "# Matching\n\nnew figures\n")
    page = tmp_path / "benchmarks.md"
    page.write_text("# Matching\n\nold figures\n\n## Load\n\np95 70 ms\n", encoding="utf-8")

    report.report_write({}, page)

    assert page.read_text(encoding="utf-8") == "# Matching\n\nnew figures\n\n## Load\n\np95 70 ms\n"


def test_report_write_without_load_section(tmp_path, monkeypatch):
    monkeypatch.setattr(report, "report_markdown", lambda results: "# Matching\n\nnew figures\n")
    page = tmp_path / "benchmarks.md"

    report.report_write({}, page)

    assert page.read_text(encoding="utf-8") == "# Matching\n\nnew figures\n"
