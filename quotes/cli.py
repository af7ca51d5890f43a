"""The `quotes` command line: serve the API, migrate the database, manage keys, load the demo."""

from __future__ import annotations

from typing import Annotated

import typer

from quotes.config import get_settings
from quotes.db import make_engine, session_scope
from quotes.errors import QuotesError

app = typer.Typer(
    help="quotes: who said what, where and when first.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Database schema (Alembic migrations).", no_args_is_help=True)
keys_app = typer.Typer(help="API keys for writes.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(keys_app, name="keys")


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(1)


def _upgrade() -> None:
    from quotes.migrate import upgrade

    upgrade(get_settings().database_url)


def _load_demo() -> int:
    from quotes.services.demo import load_demo

    settings = get_settings()
    engine = make_engine(settings.database_url)
    try:
        with session_scope(settings, engine=engine) as session:
            return load_demo(session)
    finally:
        engine.dispose()


@db_app.command("upgrade")
def db_upgrade(revision: Annotated[str, typer.Argument(help="Target revision")] = "head") -> None:
    """Bring the database (QUOTES_DATABASE_URL) to the newest schema.

    Example: quotes db upgrade
    """
    from quotes.migrate import upgrade

    upgrade(get_settings().database_url, revision)
    typer.echo(f"database at {revision}")


@db_app.command("current")
def db_current() -> None:
    """Print the database's schema revision and the newest one shipped.

    Example: quotes db current
    """
    from quotes.migrate import current_revision, head_revision

    url = get_settings().database_url
    typer.echo(f"current: {current_revision(url)}  head: {head_revision(url)}")


@keys_app.command("create")
def keys_create(name: Annotated[str, typer.Argument(help="A name for the key's owner")]) -> None:
    """Create a write key and print it once (only its hash is stored).

    Example: quotes keys create alice
    """
    from quotes.services.keys import create_key

    _upgrade()
    try:
        with session_scope() as session:
            _, secret = create_key(session, name=name)
    except QuotesError as exc:
        _fail(exc.detail)
    typer.echo(secret)


@keys_app.command("revoke")
def keys_revoke(name: Annotated[str, typer.Argument(help="The key's name")]) -> None:
    """Revoke a key; requests with it then get 403.

    Example: quotes keys revoke alice
    """
    from quotes.services.keys import revoke_key

    try:
        with session_scope() as session:
            revoke_key(session, name=name)
    except QuotesError as exc:
        _fail(exc.detail)
    typer.echo(f"revoked {name}")


@keys_app.command("list")
def keys_list() -> None:
    """List keys: name, prefix, created, revoked.

    Example: quotes keys list
    """
    from quotes.services.keys import list_keys

    with session_scope(write=False) as session:
        for key in list_keys(session):
            revoked = key.revoked_at.isoformat(timespec="seconds") if key.revoked_at else "-"
            typer.echo(f"{key.name}\t{key.prefix}…\t{key.created_at:%Y-%m-%d}\trevoked: {revoked}")


@app.command("demo")
def demo() -> None:
    """Load the example article's quotes (Arakelyan, Stradner, Politico, Lukashenko).

    Example: quotes demo
    """
    _upgrade()
    added = _load_demo()
    typer.echo(f"demo loaded: {added} new appearances")


@app.command("serve")
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on")] = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes")] = 1,
    demo: Annotated[bool, typer.Option("--demo", help="Load the demo data first")] = False,
    migrate: Annotated[bool, typer.Option(help="Upgrade the schema first")] = True,
) -> None:
    """Serve the REST API (docs at /docs), migrating the database first.

    Example: quotes serve --demo --port 8000
    """
    import uvicorn

    if migrate:
        _upgrade()
    if demo:
        added = _load_demo()
        typer.echo(f"demo loaded: {added} new appearances", err=True)
    typer.echo(
        f"quotes on http://{host}:{port} (docs: /docs); writes need a key: quotes keys create NAME",
        err=True,
    )
    uvicorn.run(
        "api.main:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
    )


if __name__ == "__main__":  # pragma: no cover
    app()
