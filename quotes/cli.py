"""The `quotes` command line: serve the API, migrate the database, manage keys, load the demo."""

from __future__ import annotations

import sys
from pathlib import Path
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
keys_app = typer.Typer(help="API keys, with roles and expiry.", no_args_is_help=True)
index_app = typer.Typer(help="The matching index kept in the database.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(keys_app, name="keys")
app.add_typer(index_app, name="index")


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


@db_app.command("backup")
def db_backup(
    file: Annotated[Path, typer.Argument(dir_okay=False, help="Where to write it")],
) -> None:
    """Back up the whole database while the server runs (SQLite backup API, or pg_dump).

    Example: quotes db backup quotes-2026-12-01.bak
    """
    from quotes.services.backup import backup

    url = get_settings().database_url
    typer.echo(f"backing up {_shown(url)} to {file}…", err=True)
    try:
        report = backup(url, file, announce=lambda m: typer.echo(m, err=True))
    except QuotesError as exc:
        _fail(exc.detail)
    typer.echo(f"backed up to {file}: {report.bytes:,} bytes, schema {report.revision}")


@db_app.command("restore")
def db_restore(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="A backup")],
    force: Annotated[
        bool, typer.Option("--force", help="Replace a database that already holds rows")
    ] = False,
) -> None:
    """Restore a backup made by `quotes db backup` into the database (refused if it has rows).

    Example: quotes db restore quotes-2026-12-01.bak
    """
    from quotes.services.backup import restore

    url = get_settings().database_url
    typer.echo(f"restoring {file} into {_shown(url)}…", err=True)
    try:
        report = restore(url, file, force=force, announce=lambda m: typer.echo(m, err=True))
    except QuotesError as exc:
        _fail(exc.detail)
    typer.echo(f"restored {file}: schema {report.revision} (then: quotes db upgrade)")


def _shown(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


@keys_app.command("create")
def keys_create(
    name: Annotated[str, typer.Argument(help="A name for the key's owner")],
    role: Annotated[
        str, typer.Option(help="reader, writer, curator or admin (each includes the previous)")
    ] = "writer",
    expires: Annotated[
        str | None,
        typer.Option(help="When it stops working: a date (00:00 UTC) or an ISO 8601 time"),
    ] = None,
    expires_in_days: Annotated[
        int | None, typer.Option(min=1, help="Stops working this many days from now")
    ] = None,
) -> None:
    """Print a new key once (only its hash is stored), then its role and expiry on stderr.

    Example: quotes keys create alice --role curator --expires-in-days 90
    """
    import datetime as dt

    from quotes.services.keys import create_key

    if expires is not None and expires_in_days is not None:
        _fail("give --expires or --expires-in-days, not both")
    expires_at = None
    if expires is not None:
        try:
            expires_at = dt.datetime.fromisoformat(expires)
        except ValueError:
            _fail(f"--expires: {expires!r} is not an ISO 8601 date or time (e.g. 2027-01-31)")
    elif expires_in_days is not None:
        expires_at = dt.datetime.now(dt.UTC) + dt.timedelta(days=expires_in_days)
    _upgrade()
    try:
        with session_scope() as session:
            row, secret = create_key(
                session, name=name, role=role, expires_at=expires_at, actor="cli"
            )
            until = row.expires_at.isoformat(timespec="seconds") if row.expires_at else "never"
    except QuotesError as exc:
        _fail(exc.detail)
    typer.echo(secret)
    typer.echo(f"key {name}: role {role}, expires {until}", err=True)


@keys_app.command("revoke")
def keys_revoke(name: Annotated[str, typer.Argument(help="The key's name")]) -> None:
    """Revoke a key; requests with it then get 403.

    Example: quotes keys revoke alice
    """
    from quotes.services.keys import revoke_key

    try:
        with session_scope() as session:
            revoke_key(session, name=name, actor="cli")
    except QuotesError as exc:
        _fail(exc.detail)
    typer.echo(f"revoked {name}")


@keys_app.command("list")
def keys_list() -> None:
    """List keys: name, prefix, created, role, expiry, revoked.

    Example: quotes keys list
    """
    from quotes.services.keys import list_keys

    with session_scope(write=False) as session:
        for key in list_keys(session):
            revoked = key.revoked_at.isoformat(timespec="seconds") if key.revoked_at else "-"
            expires = key.expires_at.isoformat(timespec="seconds") if key.expires_at else "-"
            typer.echo(
                f"{key.name}\t{key.prefix}…\t{key.created_at:%Y-%m-%d}\trole: {key.role}"
                f"\texpires: {expires}\trevoked: {revoked}"
            )


@app.command("import")
def import_(
    file: Annotated[
        Path,
        typer.Argument(
            exists=True, dir_okay=False, help=".jsonl, .csv, Quotebank or GDELT; .gz/.bz2/.zst"
        ),
    ],
    batch: Annotated[int, typer.Option(min=1, help="Rows per transaction")] = 5000,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format", help="jsonl, csv, quotebank, gdelt or dump (default: from content)"
        ),
    ] = None,
) -> None:
    """Import quotes through the dedup path, streaming; reruns add nothing.

    Reads rows with the fields of POST /v1/quotes (JSON Lines or CSV), Quotebank (quote- or
    article-centric) and GDELT Global Quotation Graph files, plain or compressed.

    Example: quotes import quotebank-2020.json.bz2
    """
    from quotes.services.dump import is_dump
    from quotes.services.ingest import import_file

    if fmt in (None, "dump") and is_dump(file):  # a `quotes export` file: restored as it is
        restore_dump(file)
        return
    _upgrade()
    settings = get_settings()
    engine = make_engine(settings.database_url)
    try:
        with typer.progressbar(
            length=max(1, file.stat().st_size), label="importing", file=sys.stderr
        ) as bar:
            done = 0

            def progress(read: int, total: int) -> None:
                nonlocal done
                bar.update(read - done)
                done = read

            report = import_file(
                engine,
                file,
                thresholds=settings.thresholds(),
                plan=settings.plan(),
                batch=batch,
                fmt=fmt,
                progress=progress,
            )
    except QuotesError as exc:
        _fail(exc.detail)
    finally:
        engine.dispose()
    typer.echo(
        f"{report.rows} rows: {report.new_quotes} new quotes, {report.merged} merged into known "
        f"quotes, {report.already_present} already present, {len(report.invalid)} invalid"
        + (f"; {report.suggested} merges suggested for review" if report.suggested else "")
    )
    for line, reason in report.invalid[:50]:
        typer.echo(f"{file}:{line}: {reason}", err=True)
    if report.invalid:
        raise typer.Exit(1)


@app.command("export")
def export_cmd(
    file: Annotated[Path, typer.Argument(dir_okay=False, help="A .jsonl (or .jsonl.gz) to write")],
) -> None:
    """Write every speaker, outlet, quote, appearance, article and event as JSON Lines.

    One record per line with a "type"; a header with the schema revision first, row counts
    last. `quotes restore-dump FILE` reads it back into an empty database.

    Example: quotes export quotes-dump.jsonl.gz
    """
    from quotes.services.dump import export_dump

    engine = make_engine(get_settings().database_url)
    try:
        report = export_dump(
            engine, file, progress=lambda t, n: typer.echo(f"  {t}: {n} rows", err=True)
        )
    except QuotesError as exc:
        _fail(exc.detail)
    finally:
        engine.dispose()
    typer.echo(f"exported to {file} (schema {report.schema}): {report.summary()}")


@app.command("restore-dump")
def restore_dump(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="A quotes export")],
) -> None:
    """Load a file written by `quotes export` into an empty database, ids and all.

    A database with no schema yet is first brought to the dump's schema revision.

    Example: quotes restore-dump quotes-dump.jsonl.gz
    """
    from alembic.util import CommandError

    from quotes.migrate import current_revision, upgrade
    from quotes.services.dump import import_dump, read_header

    url = get_settings().database_url
    header = read_header(file)
    if header is None:
        _fail(f"{file} is not a quotes dump (quotes export writes them)")
    assert header is not None
    try:
        if current_revision(url) is None:
            upgrade(url, str(header.get("schema")))
    except CommandError as exc:
        _fail(f"cannot create schema {header.get('schema')} of the dump: {exc}")
    engine = make_engine(url)
    try:
        report = import_dump(
            engine, file, progress=lambda t, n: typer.echo(f"  {t}: {n} rows", err=True)
        )
    except QuotesError as exc:
        _fail(exc.detail)
    finally:
        engine.dispose()
    typer.echo(f"restored {file} (schema {report.schema}): {report.summary()}")


@app.command("dedup")
def dedup(
    apply: Annotated[
        bool, typer.Option("--apply", help="Merge the clusters found, record the suggestions")
    ] = False,
) -> None:
    """Scan stored quotes for duplicates; report clusters, or merge them with --apply.

    A quote that nearly matches another (a near miss) is reported as a suggested merge, which
    --apply records for curators (GET /v1/suggestions) unless the pair was suggested before. A
    pair a curator rejected is never merged nor suggested. With --apply each cluster is merged
    and committed on its own, so writers through the API never wait behind the whole scan.

    Example: quotes dedup --apply
    """
    from sqlmodel import Session

    from quotes.db import writer
    from quotes.services.curation import merge
    from quotes.services.dedup import find_suggestion, propose, scan_clusters

    settings = get_settings()
    engine = make_engine(settings.database_url)
    clusters = merged = suggested = 0
    seen: set[frozenset[int]] = set()  # pairs suggested by this run (found from either side)
    try:
        with Session(engine) as reader:
            for cluster in scan_clusters(
                reader, thresholds=settings.thresholds(), plan=settings.plan()
            ):
                near = cluster.near_miss
                if near is not None:
                    pair = frozenset((cluster.keep, near.candidate_id))
                    if pair in seen or find_suggestion(reader, *pair) is not None:
                        continue  # suggested before: pending, accepted or rejected
                    seen.add(pair)
                    suggested += 1
                    typer.echo(
                        f"quote {cluster.keep} ~ {near.candidate_id} "
                        f"({near.method} {near.score:.0f}): suggested"
                    )
                    if apply:
                        with Session(writer(engine)) as session:
                            propose(session, quote_id=cluster.keep, match=near)
                            session.commit()
                    continue
                clusters += 1
                others = ", ".join(
                    f"{m.candidate_id} ({m.method} {m.score:.0f})" for m in cluster.others
                )
                typer.echo(f"quote {cluster.keep} <- {others}")
                if apply:
                    with Session(writer(engine)) as session:
                        for m in cluster.others:
                            try:
                                with session.begin_nested():
                                    merge(
                                        session,
                                        quote_id=cluster.keep,
                                        other_id=m.candidate_id,
                                        actor="dedup",
                                    )
                                merged += 1
                            except QuotesError as exc:  # changed since the scan: skip it
                                typer.echo(f"  skipped {m.candidate_id}: {exc.detail}", err=True)
                        session.commit()
    finally:
        engine.dispose()
    if apply:
        typer.echo(f"{clusters} clusters, {merged} quotes merged, {suggested} merges suggested")
    else:
        typer.echo(f"{clusters} clusters (dry run), {suggested} merges to suggest")


@app.command("lookup")
def lookup_cmd(
    q: Annotated[str, typer.Argument(help="A quote, fragment or half-remembered version")],
    limit: Annotated[int, typer.Option(min=1, max=100)] = 5,
) -> None:
    """Print the stored quotes q most likely comes from, with citations.

    Example: quotes lookup "no such thing as loyalty"
    """
    from quotes.services.lookup import lookup

    settings = get_settings()
    with session_scope(settings, write=False) as session:
        results = lookup(
            session,
            q,
            limit=limit,
            thresholds=settings.thresholds(),
            plan=settings.plan(),
            min_score=settings.lookup_min_score,
        )
        for r in results:
            typer.echo(f"[{r.score:.0f} {r.method}] quote {r.quote_id}: {r.citation}")
    if not results:
        typer.echo("no match", err=True)
        raise typer.Exit(1)


@index_app.command("rebuild")
def index_rebuild() -> None:
    """Rebuild the matching index from the stored quotes (after changing the term rules).

    Example: quotes index rebuild
    """
    from quotes.index.store import rebuild

    with session_scope() as session:
        n = rebuild(session)
    typer.echo(f"indexed {n} quotes")


@index_app.command("stats")
def index_stats() -> None:
    """Print the size of the matching index.

    Example: quotes index stats
    """
    from quotes.index.store import stats

    with session_scope(write=False) as session:
        s = stats(session)
    typer.echo(f"{s['postings']} postings, {s['terms']} terms")


@app.command("extract")
def extract_cmd(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="Article text or HTML")],
    outlet: Annotated[str, typer.Option(help="Outlet name or domain")],
    date: Annotated[str, typer.Option(help="Publication date, YYYY-MM-DD")],
    url: Annotated[str | None, typer.Option(help="Article URL")] = None,
    title: Annotated[str | None, typer.Option(help="Article title")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
    store: Annotated[bool, typer.Option("--store", help="Store the quotes too")] = False,
) -> None:
    """Print the quotes and statements found in an article (with --store, store them).

    Example: quotes extract article.txt --outlet Politico --date 2024-06-13
    """
    from pydantic import ValidationError

    from quotes.models import ArticleCreate
    from quotes.services.articles import ingest_article

    try:
        data = ArticleCreate(
            text=file.read_text(encoding="utf-8"),
            outlet=outlet,
            date=date,
            url=url,
            title=title,
            store=store,
        )
    except ValidationError as exc:
        _fail(
            "; ".join(
                f"{'.'.join(map(str, e['loc'])) or 'article'}: {e['msg']}" for e in exc.errors()
            )
        )
    settings = get_settings()
    if store:
        _upgrade()
    try:
        with session_scope(settings, write=store) as session:
            result = ingest_article(
                session,
                data=data,
                created_by="cli",
                thresholds=settings.thresholds(),
                plan=settings.plan(),
            )
    except QuotesError as exc:  # e.g. the text took too long to analyse
        _fail(exc.detail)
    if as_json:
        typer.echo(result.model_dump_json(indent=2))
        return
    for item in result.items:
        who = item.speaker or "?"
        extra = ", ".join(
            x
            for x in [item.speaker_role, f"via {item.via_outlet}" if item.via_outlet else None]
            if x
        )
        stored = (
            f"  -> quote {item.quote_id}{' (merged)' if item.merged else ''}" if item.stored else ""
        )
        typer.echo(
            f"[{item.kind} {item.start}-{item.end} {item.cue or '-'} {item.confidence:.1f}] "
            f"{who}{' (' + extra + ')' if extra else ''}: {item.text}{stored}"
        )
    typer.echo(f"{len(result.items)} items", err=True)


@app.command("import-articles")
def import_articles(
    path: Annotated[Path, typer.Argument(exists=True, help="A folder of .txt/.html, or a .jsonl")],
    outlet: Annotated[str | None, typer.Option(help="Outlet of a folder's articles")] = None,
    date: Annotated[str | None, typer.Option(help="Date of a folder's articles")] = None,
) -> None:
    """Ingest many articles: JSON Lines of {text, outlet, date, url?, title?}, or a folder of files.

    Example: quotes import-articles articles.jsonl
    """
    import json

    from pydantic import ValidationError

    from quotes.models import ArticleCreate
    from quotes.services.articles import ingest_article

    if path.is_dir():
        if not outlet or not date:
            _fail("a folder needs --outlet and --date for its articles")
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in {".txt", ".html", ".htm"})
        rows: list[tuple[str, object]] = [
            (
                str(p),
                {
                    "text": p.read_text(encoding="utf-8"),
                    "outlet": outlet,
                    "date": date,
                    "title": p.stem,
                },
            )
            for p in files
        ]
    else:
        rows = []
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.strip():
                try:
                    rows.append((f"{path}:{i}", json.loads(line)))
                except json.JSONDecodeError as exc:
                    rows.append((f"{path}:{i}", f"malformed JSON: {exc.msg}"))
    _upgrade()
    settings = get_settings()
    engine = make_engine(settings.database_url)
    stored = articles = 0
    errors: list[str] = []
    with typer.progressbar(rows, label="ingesting", file=sys.stderr) as bar:
        for where, row in bar:
            try:
                if isinstance(row, str):
                    raise ValueError(row)
                data = ArticleCreate.model_validate(row)
                with session_scope(settings, engine=engine) as session:
                    result = ingest_article(
                        session,
                        data=data,
                        created_by="cli",
                        thresholds=settings.thresholds(),
                        plan=settings.plan(),
                    )
            except (ValidationError, ValueError, QuotesError) as exc:
                errors.append(f"{where}: {exc}")
                continue
            articles += result.article_created
            stored += sum(i.stored for i in result.items)
    engine.dispose()
    typer.echo(
        f"{len(rows)} articles read, {articles} new, {stored} quotes stored, {len(errors)} failed"
    )
    for e in errors[:50]:
        typer.echo(e, err=True)
    if errors:
        raise typer.Exit(1)


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
    from api.serve import run

    if migrate:
        _upgrade()
    if demo:
        added = _load_demo()
        typer.echo(f"demo loaded: {added} new appearances", err=True)
    typer.echo(
        f"quotes on http://{host}:{port} (docs: /docs); writes need a key: quotes keys create NAME",
        err=True,
    )
    run(host=host, port=port, workers=workers)


if __name__ == "__main__":  # pragma: no cover
    app()
