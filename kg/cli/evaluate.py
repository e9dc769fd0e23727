"""`kg eval`: score a graph against a gold annotation (docs/gold-format.md), for people and for CI."""
from __future__ import annotations

import json

import click

from kg.cli.main import cli, user_errors


@cli.command("eval")
@click.argument("graph", type=click.Path())
@click.argument("gold", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True,
              help="Print the full report as JSON (per-class lists, missed facts, summary), e.g. > score.json.")
@click.option("--rename", type=click.Path(dir_okay=False), default=None,
              help='A JSON file {"pairs": [["old name", "new name"], ...]} applied to the gold\'s labels, '
                   "aliases and traps before matching, e.g. --rename renamed-corpus.json.")
@click.option("--docs", type=click.Path(dir_okay=False), default=None,
              help='A JSON file mapping gold document keys to the file names the graph was built from, '
                   'e.g. {"000": "report.pdf"}; use it when your files are named differently.')
@click.option("--fail-under", type=click.FloatRange(0.0, 1.0), default=None, metavar="FLOAT",
              help="Exit with status 1 when entity recall, named precision or fact recall is below "
                   "this figure, e.g. --fail-under 0.9 in CI.")
def eval_command(graph: str, gold: str, as_json: bool, rename: str | None, docs: str | None,
                 fail_under: float | None) -> None:
    """Score GRAPH against the gold annotation GOLD: recall and precision per class, split and
    merged entities, facts found per property, author order and trap names present.

    \b
    Examples:
      kg eval graphs/leadership.ttl tests/gold_seeds.json
      kg eval graphs/leadership.ttl tests/gold_seeds.json --json > score.json
      kg eval graphs/leadership.ttl tests/gold_seeds.json --fail-under 0.9   # exit 1 if worse
      kg eval my-graph.ttl my-gold.json --docs my-doc-names.json
    """
    from kg.evaluate import below_threshold, evaluate_files, format_report, report_json

    with user_errors():
        report = evaluate_files(graph, gold, rename=rename, docs=docs)
    click.echo(json.dumps(report_json(report), indent=1, ensure_ascii=False) if as_json else format_report(report))
    failing = below_threshold(report, fail_under) if fail_under is not None else []
    if failing:
        click.echo(f"Error: below --fail-under {fail_under:g}: {', '.join(failing)}", err=True)
        raise SystemExit(1)
