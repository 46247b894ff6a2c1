"""The `kg` command: parse options, call one library function, print. Nothing else.
Imports of the library happen inside each command, so `kg --help`, `kg query` and the
other commands that need no NLP never load spaCy or a model."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from kg.defaults import DEFAULT_BASE, DEFAULT_MODEL
from kg.errors import KGError
from kg.formats import FORMAT_FILES

if TYPE_CHECKING:  # heavy modules (spaCy, rdflib) load inside the commands that need them
    from kg.pipeline import BuildReport


class KGGroup(click.Group):
    """Turns every KGError into a one-line message and exit status 1 (no traceback)."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except KGError as exc:
            raise click.ClickException(str(exc)) from exc


@click.group(cls=KGGroup)
@click.version_option(package_name="kg")
def main() -> None:
    """kg: a knowledge graph of groups, people, places and events from news articles."""


def out_option(help_text: str):  # noqa: ANN201 (a click decorator)
    return click.option(
        "-o",
        "--out",
        "out_dir",
        type=click.Path(path_type=Path),
        default=Path("outputs"),
        show_default=True,
        help=help_text,
    )


formats_option = click.option(
    "--format",
    "formats",
    multiple=True,
    default=("trig",),
    show_default=True,
    type=click.Choice(sorted(FORMAT_FILES)),
    help="Extra formats besides graph.ttl and graph.html (repeatable).",
)
files_option = click.option(
    "--files/--no-files",
    default=True,
    show_default=True,
    help="Write the graph files to OUT; --no-files updates the --store alone.",
)
base_iri_option = click.option(
    "--base-iri",
    default=DEFAULT_BASE,
    show_default=True,
    help="Base IRI for the instances kg mints.",
)


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@out_option("Folder for graph.ttl, graph.html and other formats.")
@formats_option
@click.option(
    "--model",
    default=DEFAULT_MODEL,
    show_default=True,
    help="Any installed spaCy pipeline (package name or path).",
)
@base_iri_option
@click.option(
    "--store",
    type=click.Path(path_type=Path),
    default=None,
    help="Keep the graph in an on-disk Oxigraph store in this folder (default: in memory).",
)
@click.option(
    "--view",
    "views",
    multiple=True,
    metavar="NAME",
    help="Also write view-<name>.html for this entity (repeatable).",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Processes that parse articles  [default: the machine's cores]",
)
@click.option(
    "--scheduler",
    envvar="DASK_SCHEDULER_ADDRESS",
    default=None,
    metavar="tcp://HOST:PORT",
    help="Parse on this Dask cluster instead (env DASK_SCHEDULER_ADDRESS; needs kg[cluster]).",
)
@files_option
@click.option("--quiet", is_flag=True, help="No progress on stderr.")
def build(
    inputs: tuple[Path, ...],
    out_dir: Path,
    formats: tuple[str, ...],
    model: str,
    base_iri: str,
    store: Path | None,
    views: tuple[str, ...],
    workers: int | None,
    scheduler: str | None,
    files: bool,
    quiet: bool,
) -> None:
    """Read articles (files or folders) and write the graph to OUT."""
    from kg.pipeline import build as run_build
    from kg.progress import progress_reporter
    from kg.workers import default_workers

    with progress_reporter(quiet=quiet) as progress:
        report = run_build(
            inputs,
            out_dir,
            model=model,
            base_iri=base_iri,
            formats=formats,
            store=store,
            views=views,
            workers=workers or default_workers(),
            scheduler=scheduler or None,
            progress=progress,
            files=files,
        )
    for problem in report.skipped:
        click.echo(f"skipped: {problem.path}: {problem.message}", err=True)
    _summary(report)


def _summary(report: BuildReport) -> None:
    click.echo(
        f"{report.articles} articles -> {report.entities} entities, "
        f"{report.relations} relations, {report.events} events, {report.triples} triples"
    )
    for path in report.written:
        click.echo(f"wrote {path}")


@main.command()
@click.argument("doc")
@click.option(
    "--store",
    type=click.Path(path_type=Path),
    required=True,
    help="The store folder a `kg build --store` wrote.",
)
@out_option("Folder for the rewritten graph files.")
@formats_option
@base_iri_option
@files_option
def remove(
    doc: str, store: Path, out_dir: Path, formats: tuple[str, ...], base_iri: str, files: bool
) -> None:
    """Retract article DOC (its id or file) from a store, with every fact only it supported."""
    from kg.pipeline import remove as run_remove

    doc_id, report = run_remove(
        doc, store, out_dir, base_iri=base_iri, formats=formats, files=files
    )
    click.echo(f"removed {doc_id}")
    _summary(report)


@main.command()
@click.argument("graph")
@click.argument("query")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "xml", "csv", "tsv"]),
    default="table",
    show_default=True,
    help="json/xml/csv/tsv: the W3C SPARQL results formats (CONSTRUCT: JSON-LD, RDF/XML, "
    "N-Triples); table: Turtle.",
)
@click.option("--allow-service", is_flag=True, help="Allow SERVICE (federated queries).")
def query(graph: str, query: str, fmt: str, allow_service: bool) -> None:
    """Run a SPARQL query on GRAPH (a graph file, or a SPARQL endpoint URL). QUERY is the
    text, a file of any extension, or - for standard input. The prefixes kg, rdf, rdfs, owl,
    xsd, skos, schema, prov, sem, org and wd are predeclared."""
    import shutil

    from kg.query import check_service
    from kg.remote import is_endpoint, query_endpoint
    from kg.results import format_result

    text = _query_text(query)
    check_service(text, allow=allow_service)
    if is_endpoint(graph):
        answer = query_endpoint(graph, text)
    else:
        from kg.query import open_store, run_query, uses_named_graphs

        answer = run_query(open_store(graph, named_graphs=uses_named_graphs(text)), text)
    width = shutil.get_terminal_size((100, 24)).columns
    click.echo(format_result(answer, fmt, width=width))


def _query_text(arg: str) -> str:
    from kg.query import read_query

    return read_query(arg, stdin=sys.stdin.read() if arg == "-" else None)


@main.command()
@click.argument("graph", type=click.Path(path_type=Path))
@click.option("-v", "--verbose", is_flag=True, help="Print the full SHACL report.")
def validate(graph: Path, verbose: bool) -> None:
    """Check a graph against the SHACL shapes in ontology/."""
    from kg.validate import validate_graph

    report = validate_graph(graph)
    if verbose or not report.conforms:
        click.echo(report.text)
    if not report.conforms:
        raise click.ClickException(f"{graph} does not conform: {report.violations} violations")
    click.echo(f"{graph} conforms to the kg shapes")


@main.command()
@click.argument("graph", type=click.Path(path_type=Path))
@click.argument("gold", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("-v", "--verbose", is_flag=True, help="List what was missed and what was wrong.")
def evaluate(graph: Path, gold: Path, as_json: bool, verbose: bool) -> None:
    """Score GRAPH against a gold annotation (YAML): precision, recall, F1."""
    import json

    from kg.evaluate import evaluate_files

    result = evaluate_files(graph, gold)
    if as_json:
        click.echo(json.dumps(result.as_dict(), indent=1))
        return
    for name in ("entities", "relations", "events"):
        sc = getattr(result, name)
        extra = f"  type-acc {result.type_accuracy:.2f}" if name == "entities" else ""
        click.echo(f"{name:<10} P {sc.p:.2f}  R {sc.r:.2f}  F1 {sc.f1:.2f}{extra}")
        if verbose:
            click.echo(f"  missed: {', '.join(sc.missed) or '-'}")
            click.echo(f"  wrong:  {'; '.join(sc.wrong) or '-'}")


@main.command()
@click.argument("graph", type=click.Path(path_type=Path))
@click.argument("entity")
@click.option(
    "-o",
    "--out",
    "out_file",
    type=click.Path(path_type=Path),
    default=None,
    help="HTML file to write (default: view-<entity>.html beside GRAPH).",
)
def view(graph: Path, entity: str, out_file: Path | None) -> None:
    """Write one entity's page: it, its neighbours and its events (by name, alias or IRI)."""
    from kg.export import write_atomic
    from kg.query import load_graph
    from kg.view import entity_page
    from kg.vocab import slugify

    label, page = entity_page(load_graph(graph, with_ontology=False), entity)
    target = out_file or graph.parent / f"view-{slugify(label)}.html"
    write_atomic(target.parent, {target.name: page.encode("utf-8")})
    click.echo(f"wrote {target} ({label})")


from kg import cli_remote  # noqa: E402, F401  (registers `kg load` and `kg serve`)

if __name__ == "__main__":  # `python -m kg.cli`: run the imported module's group, the one
    from kg.cli import main as kg_main  # cli_remote added its commands to

    sys.exit(kg_main())
