"""The board report (context for the HTML page and the PDF) and the CSV and XLSX exports."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from django.template.loader import render_to_string

from rampart.assurance import charts, selectors
from rampart.assurance.evidence import gather
from rampart.assurance.models import Assessment
from rampart.assurance.rules import safe_cell

HEADER = [
    "Section",
    "Code",
    "Item",
    "Status",
    "Reason not applicable",
    "Owner",
    "Evidence notes",
    "Evidence links and files",
    "Evidence from Rampart",
    "Action plan",
]


def board_report_context(assessment: Assessment, *, today: date) -> dict[str, Any]:
    counts = selectors.status_counts(assessment)
    actions = selectors.action_counts(assessment, today=today)
    history = selectors.history_of(assessment)
    return {
        "assessment": assessment,
        "org": assessment.organisation,
        "sections": selectors.sections_of(assessment),
        "status_counts": counts,
        "status_labels": charts.STATUS_LABELS,
        "action_counts": actions,
        "history": history,
        "charts": {
            "status": charts.status_chart(counts),
            "actions": charts.action_chart(actions),
            "history": charts.history_chart(history),
        },
        "today": today,
        "all_actions": list(assessment.actions.select_related("item")),
    }


def board_report_pdf(context: dict[str, Any], *, base_url: str) -> bytes:
    from weasyprint import HTML

    html = render_to_string("assurance/board_report_print.html", context)
    return HTML(string=html, base_url=base_url).write_pdf()  # type: ignore[no-any-return]


def rows(assessment: Assessment) -> list[list[Any]]:
    out: list[list[Any]] = []
    for item in assessment.items.prefetch_related("attachments", "actions"):
        evidence = gather(item.evidence_keys, assessment.organisation, assessment.period)
        out.append(
            [
                item.section_title,
                item.code,
                item.text,
                item.get_status_display(),
                item.not_applicable_reason,
                item.owner,
                item.evidence_notes,
                "; ".join(a.url or a.title for a in item.attachments.all()),
                "; ".join(f"{e.label}: {e.value}" for e in evidence),
                "; ".join(
                    f"{a.action} (owner {a.owner}, due {a.due_on:%Y-%m-%d}, {a.get_status_display()})"
                    for a in item.actions.all()
                ),
            ]
        )
    return out


def as_csv(assessment: Assessment) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for row in rows(assessment):
        writer.writerow([safe_cell(v) for v in row])
    return out.getvalue()


def as_xlsx(assessment: Assessment) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Assessment"
    sheet.append(
        [safe_cell(f"{assessment.framework_title} {assessment.period}: {assessment.organisation.name}")]
    )
    sheet.append([safe_cell(f"Status: {assessment.get_status_display()}")])
    sheet.append(HEADER)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for row in rows(assessment):
        sheet.append([safe_cell(v) for v in row])
    for column, width in zip("ABCDEFGHIJ", [30, 10, 60, 14, 30, 24, 50, 40, 50, 50], strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=4):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
