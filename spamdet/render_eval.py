"""`spamdet eval` for people: page, span and per-label figures, PR points, confusion matrix."""

from __future__ import annotations

from collections.abc import Mapping

from rich.console import Console
from rich.table import Table
from rich.text import Text

from spamdet.records import LABELS
from spamdet.render import LABEL_STYLES


def _f(value: object) -> str:
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def pages_table(metrics: Mapping) -> Table:
    """Page verdicts at the operating threshold."""
    table = Table(title="Pages (contaminated or not)", title_justify="left")
    for column in ("pages", "threshold", "precision", "recall", "FPR"):
        table.add_column(column, justify="right")
    threshold = metrics.get("threshold")
    table.add_row(str(metrics["pages"]), "model" if threshold is None else f"{threshold:.3f}",
                  _f(metrics["page_precision"]), _f(metrics["page_recall"]),
                  _f(metrics["page_fpr"]))
    return table


def curve_table(points: list[Mapping]) -> Table:
    """A few points of the page precision-recall curve, by page-score threshold."""
    table = Table(title="Page precision-recall curve (page score >= threshold)",
                  title_justify="left")
    for column in ("threshold", "precision", "recall", "FPR", "flagged pages"):
        table.add_column(column, justify="right")
    for point in points:
        style = "bold" if point.get("operating") else None
        table.add_row(f"{point['threshold']:.3f}" + (" *" if point.get("operating") else ""),
                      _f(point["precision"]), _f(point["recall"]), _f(point["fpr"]),
                      str(point["flagged"]), style=style)
    table.caption = "* the operating threshold"
    return table


def labels_table(metrics: Mapping) -> Table:
    """Per-label segment precision/recall/F1, and injected spans at IoU >= 0.5."""
    table = Table(title="Segments by label, and injected spans (IoU >= 0.5)",
                  title_justify="left")
    table.add_column("label")
    for column in ("precision", "recall", "F1", "support"):
        table.add_column(column, justify="right")
    for label in LABELS:
        row = metrics["labels"][label]
        table.add_row(Text(label, style=LABEL_STYLES[label]), _f(row["precision"]),
                      _f(row["recall"]), _f(row["f1"]), str(row["support"]))
    span = metrics["span"]
    table.add_section()
    table.add_row(Text("injected spans", style="bold"), _f(span["precision"]),
                  _f(span["recall"]), _f(span["f1"]), str(span["support"]))
    return table


def confusion_table(metrics: Mapping) -> Table:
    """Segments by gold label (rows) and predicted label (columns)."""
    table = Table(title="Confusion matrix (segments: gold rows, predicted columns)",
                  title_justify="left")
    table.add_column("gold \\ predicted")
    for label in LABELS:
        table.add_column(Text(label, style=LABEL_STYLES[label]), justify="right")
    confusion = metrics["confusion"]
    for gold in LABELS:
        table.add_row(Text(gold, style=LABEL_STYLES[gold]),
                      *(str(confusion.get(f"{gold}->{pred}", 0)) for pred in LABELS))
    return table


def print_metrics(metrics: Mapping, console: Console | None = None) -> None:
    """Every figure `evaluate` and `pr_curve` give, as tables."""
    console = console or Console(highlight=False)
    console.print(pages_table(metrics))
    if metrics.get("pr_curve"):
        console.print(curve_table(metrics["pr_curve"]))
    console.print(labels_table(metrics))
    console.print(confusion_table(metrics))
