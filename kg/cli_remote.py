"""`kg load` and `kg serve`: the commands that talk to triple stores over HTTP."""

from __future__ import annotations

import signal
from pathlib import Path

import click

from kg.cli import main


@main.command()
@click.argument("graph", type=click.Path(path_type=Path))
@click.option(
    "--endpoint", required=True, help="Graph Store Protocol URL, e.g. http://127.0.0.1:7878/store"
)
@click.option(
    "--graph",
    "graph_iri",
    default=None,
    help="Load everything into this one graph (default: one named graph per article).",
)
@click.option("--user", default=None, help="User name for basic or digest authentication.")
@click.option(
    "--password-env",
    default=None,
    metavar="VAR",
    help="Environment variable holding the password (never on the command line).",
)
@click.option(
    "--replace",
    is_flag=True,
    help="PUT each graph (replace it) and DELETE the graphs of articles no longer in GRAPH.",
)
@click.option(
    "--sparql",
    default=None,
    help="The store's SPARQL query URL, for --replace (guessed for Oxigraph, Virtuoso, Fuseki).",
)
def load(
    graph: Path,
    endpoint: str,
    graph_iri: str | None,
    user: str | None,
    password_env: str | None,
    replace: bool,
    sparql: str | None,
) -> None:
    """Push GRAPH into a SPARQL 1.1 Graph Store HTTP Protocol endpoint: each article's named
    graph, and the ontology in its own (POST appends; --replace replaces)."""
    import os

    from kg.remote import load_remote, sends_password_in_clear, split_credentials

    password = None
    if password_env:
        password = os.environ.get(password_env)
        if password is None:
            raise click.ClickException(
                f"environment variable {password_env} is not set; "
                "export it with the store's password"
            )
    if sends_password_in_clear(endpoint, user):
        click.echo(
            "warning: the endpoint is plain http: the password crosses the network readable; "
            "use https",
            err=True,
        )
    report = load_remote(
        graph,
        endpoint,
        graph=graph_iri,
        user=user,
        password=password,
        replace=replace,
        sparql=sparql,
    )
    shown = split_credentials(endpoint)[0]  # never the password
    click.echo(f"loaded {report.triples} triples into {len(report.graphs)} graphs at {shown}")
    click.echo(f"loaded the ontology into <{report.ontology}>")
    if report.deleted:
        click.echo(f"deleted {len(report.deleted)} graphs of articles no longer in {graph}")


@main.command()
@click.argument("graph", required=False, type=click.Path(path_type=Path))
@click.option(
    "--store",
    type=click.Path(path_type=Path),
    default=None,
    help="Serve this Oxigraph store folder instead of a graph file.",
)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=7878, show_default=True, type=int)
@click.option("--writable", is_flag=True, help="Accept SPARQL updates and Graph Store writes.")
@click.option(
    "--timeout", default=30.0, show_default=True, type=click.FloatRange(min=0.1),
    help="Seconds a request may run; a query over it is stopped.",
)  # fmt: skip
@click.option(
    "--memory-mb", default=2048, show_default=True, type=click.IntRange(min=64),
    help="Memory bound of each Oxigraph process; a query over it is stopped.",
)  # fmt: skip
@click.option(
    "--processes", default=2, show_default=True, type=click.IntRange(min=1),
    help="Oxigraph processes answering (read-only); a long query holds only one.",
)  # fmt: skip
@click.option("--allow-service", is_flag=True, help="Allow SERVICE (federated queries).")
@click.option(
    "--allow-host", "allow_hosts", multiple=True, metavar="NAME",
    help="Also accept this Host header name (how clients reach a non-loopback --host).",
)  # fmt: skip
def serve(
    graph: Path | None,
    store: Path | None,
    host: str,
    port: int,
    writable: bool,
    timeout: float,
    memory_mb: int,
    processes: int,
    allow_service: bool,
    allow_hosts: tuple[str, ...],
) -> None:
    """Start a SPARQL endpoint (Oxigraph) for GRAPH or --store DIR; Ctrl-C stops it."""
    from kg.server import is_loopback, start_server

    if not is_loopback(host):
        click.echo(
            f"warning: --host {host} exposes the endpoint beyond this machine: anyone who "
            f"can reach port {port} can query it" + (" and change it" if writable else ""),
            err=True,
        )
    server = start_server(
        graph, store=store, host=host, port=port, writable=writable, timeout_s=timeout,
        memory_mb=memory_mb, processes=processes, allow_service=allow_service,
        allow_hosts=allow_hosts,
    )  # fmt: skip
    mode = "read-write" if writable else "read-only"
    click.echo(
        f"serving {graph or store} ({mode}) at {server.url}/ "
        f"(SPARQL: {server.url}/query, Graph Store: {server.url}/store); Ctrl-C stops"
    )

    def interrupt(*_: object) -> None:
        raise KeyboardInterrupt  # SIGTERM cleans up like Ctrl-C

    signal.signal(signal.SIGTERM, interrupt)
    try:
        failure = server.run()
    except KeyboardInterrupt:
        click.echo("stopping")
        failure = None
    finally:
        server.stop()
    if failure:
        raise click.ClickException(f"{failure}; kg serve stopped")
