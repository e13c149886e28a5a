"""Yimen's command line: serve, worker, chat, nlu, catalog, lifeevents, precheck, robot, dept, staff, wechat,
bench, migrate."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import datetime
from pathlib import Path

from core.settings import Settings, SettingsError


def settings_or_exit() -> Settings:
    try:
        return Settings.from_env()
    except SettingsError as exc:
        sys.exit(f"yimen: setting {exc}")


def use_multiprocess_metrics(workers: int) -> None:
    """Several web processes: prometheus-client's multiprocess mode in var/metrics, emptied for this run,
    unless PROMETHEUS_MULTIPROC_DIR names one (shared with the workers, as scripts/run-scaled.sh does).
    Set before prometheus_client is first imported."""
    import os

    if workers > 1 and not os.environ.get("PROMETHEUS_MULTIPROC_DIR", "").strip():
        directory = Path("var/metrics").resolve()
        directory.mkdir(parents=True, exist_ok=True)
        for old in directory.glob("*.db"):  # a past run's counts
            old.unlink()
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(directory)


def cmd_serve(args: argparse.Namespace) -> None:
    settings = settings_or_exit()
    use_multiprocess_metrics(args.workers)
    from handlers.serve import ServeError, serve

    try:
        sys.exit(serve(settings, args.host or settings.host, args.port or settings.port, args.workers))
    except ServeError as exc:
        sys.exit(f"yimen: {exc}")


def cmd_worker(args: argparse.Namespace) -> None:
    from core.privacy import configure_logging
    from handlers.worker import run_worker

    settings = settings_or_exit()
    configure_logging(log_format=settings.log_format)
    if settings.redis_url is None:
        sys.exit("yimen: setting REDIS_URL: a worker needs the shared Redis; without it `serve` runs the jobs itself")
    asyncio.run(run_worker(settings, scheduler=args.scheduler))


def cmd_migrate(args: argparse.Namespace) -> None:
    from core.migrations import migrate
    from handlers.parts import MODEL_MODULES

    settings = settings_or_exit()
    applied = asyncio.run(migrate(settings.database_url, MODEL_MODULES))
    print("\n".join(f"applied {name}" for name in applied) or "the database is current: nothing to apply")


def cmd_chat(args: argparse.Namespace) -> None:
    if args.eval is not None:
        from handlers.rehearsal import DEFAULT_SET, run_rehearsal

        path = Path(args.eval or DEFAULT_SET)
        sys.exit(asyncio.run(run_rehearsal(path, sys.stdout, floor=args.floor, verbose=args.verbose)))
    from handlers.terminal import run_chat

    asyncio.run(run_chat(settings_or_exit(), sys.stdin, sys.stdout, user=args.user))


def cmd_nlu(args: argparse.Namespace) -> None:
    from intents.cli import DEFAULT_EVAL, run_eval, run_nlu

    catalog_path = Path(args.catalog) if args.catalog else None
    if args.eval is not None:
        sys.exit(run_eval(Path(args.eval or DEFAULT_EVAL), sys.stdout, catalog_path=catalog_path,
                          cross=not args.eval))  # the default set: also the cross-set validation
    try:
        now = datetime.fromisoformat(args.now) if args.now else None
    except ValueError:
        sys.exit(f"yimen: --now {args.now!r} is not an ISO date-time such as 2026-11-25T10:00:00+08:00")
    sys.exit(run_nlu(sys.stdin, sys.stdout, now=now, catalog_path=catalog_path))


def cmd_catalog(args: argparse.Namespace) -> None:
    from catalog.cli import run_catalog
    from handlers.parts import MODEL_MODULES

    sys.exit(run_catalog(args.action, Path(args.file) if args.file else None, settings_or_exit(), MODEL_MODULES))


def cmd_lifeevents(args: argparse.Namespace) -> None:
    from lifeevents.cli import run_check

    sys.exit(run_check(Path(args.file) if args.file else None))


def cmd_precheck(args: argparse.Namespace) -> None:
    from datetime import date

    from core.clock import SystemClock
    from prechecks.cli import UnknownItem, due_for, run_precheck

    try:
        today = date.fromisoformat(args.now) if args.now else SystemClock().now().date()
    except ValueError:
        sys.exit(f"yimen: --now {args.now!r} is not an ISO date such as 2026-12-03")
    try:
        due = due_for(today, args.item)
    except UnknownItem as exc:
        sys.exit(f"yimen: --item: {exc}")
    sys.exit(run_precheck(args.files, due, sys.stdout))


def cmd_robot(args: argparse.Namespace) -> None:
    from core.clock import SystemClock
    from core.db import open_database
    from handlers.parts import MODEL_MODULES
    from identity.cli import run_robot_command

    settings = settings_or_exit()

    async def run() -> int:
        async with open_database(settings.database_url, MODEL_MODULES):
            return await run_robot_command(args.action, args.device_id, args.hall, args.rotate,
                                           settings.robot_key_secret, sys.stdout, SystemClock().now())

    sys.exit(asyncio.run(run()))


def cmd_dept(args: argparse.Namespace) -> None:
    from core.clock import SystemClock
    from core.db import open_database
    from handlers.parts import MODEL_MODULES
    from progress.cli import run_dept_command

    settings = settings_or_exit()

    async def run() -> int:
        async with open_database(settings.database_url, MODEL_MODULES):
            return await run_dept_command(args.action, args.department_id, args.rotate, settings.dept_key_secret,
                                          sys.stdout, SystemClock().now())

    sys.exit(asyncio.run(run()))


def read_password() -> str:
    """From a prompt (twice, not echoed) on a terminal, else one line of stdin. Never a default."""
    if sys.stdin.isatty():
        import getpass

        first = getpass.getpass("password: ")
        if getpass.getpass("again: ") != first:
            sys.exit("yimen: the two passwords differ")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def cmd_staff(args: argparse.Namespace) -> None:
    from core.clock import SystemClock
    from core.db import open_database
    from handlers.parts import MODEL_MODULES
    from identity.cli import run_staff_command

    settings = settings_or_exit()
    if args.action == "add" and not args.role:
        sys.exit("yimen: staff add needs --role admin|supervisor|clerk|reviewer")
    password = read_password() if args.action == "add" and args.name else None

    async def run() -> int:
        async with open_database(settings.database_url, MODEL_MODULES):
            return await run_staff_command(args.action, args.name, args.role, args.hall, password, sys.stdout,
                                           SystemClock().now())

    sys.exit(asyncio.run(run()))


def cmd_wechat(args: argparse.Namespace) -> None:
    from wechat.menu import run_menu

    sys.exit(asyncio.run(run_menu(args.action, settings_or_exit(), sys.stdout)))


def cmd_bench(args: argparse.Namespace) -> None:
    import importlib

    module = importlib.import_module(f"bench.{args.name}")
    sys.exit(module.main(args.rest))


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="main.py", description="Yimen (一门): one door for every errand")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("serve", help="serve the channels and the console")
    s.add_argument("--host")
    s.add_argument("--port", type=int)
    s.add_argument("--workers", type=int, default=1,
                   help="web processes sharing the port (SO_REUSEPORT); more than 1 needs REDIS_URL")
    s.set_defaults(run=cmd_serve)

    s = sub.add_parser("worker", help="run background jobs from the Redis queue (needs REDIS_URL)")
    s.add_argument("--scheduler", action="store_true", help="also fire the periodic jobs (run exactly one)")
    s.set_defaults(run=cmd_worker)

    s = sub.add_parser("migrate", help="upgrade the database (DATABASE_URL) to this release's schema (aerich)")
    s.set_defaults(run=cmd_migrate)

    s = sub.add_parser("chat", help="talk to the assistant in a terminal (one message a line)")
    s.add_argument("--user", default="terminal")
    s.add_argument("--eval", nargs="?", const="", metavar="FILE",
                   help="run scripted conversations (default tests/data/conversations.jsonl) and print the table")
    s.add_argument("--floor", type=float, default=0.0, help="with --eval: fail under this pass rate (0-1)")
    s.add_argument("--verbose", action="store_true", help="with --eval: print every failed turn")
    s.set_defaults(run=cmd_chat)

    s = sub.add_parser("nlu", help="JSON Lines in ({id, text}), understanding out")
    s.add_argument("--now", help="ISO date-time that 今天/明天 are resolved against")
    s.add_argument("--catalog", help="a catalog file other than the shipped one")
    s.add_argument("--eval", nargs="?", const="", metavar="FILE",
                   help="score a labelled JSON Lines file (default tests/data/nlu_eval.jsonl) and print the table")
    s.set_defaults(run=cmd_nlu)

    s = sub.add_parser("catalog", help="check a catalog file, or load it into the database")
    s.add_argument("action", choices=["check", "load"])
    s.add_argument("file", nargs="?", help="default: the shipped catalog/data/catalog.yaml")
    s.set_defaults(run=cmd_catalog)

    s = sub.add_parser("lifeevents", help="check a life events (一件事) file against the catalog")
    s.add_argument("action", choices=["check"])
    s.add_argument("file", nargs="?", help="default: the shipped lifeevents/data/bundles.yaml")
    s.set_defaults(run=cmd_lifeevents)

    s = sub.add_parser("precheck", help="pre-check material files (photos, PDFs): one JSON line per file")
    s.add_argument("--now", help="ISO date validity is judged on (default: today in Asia/Shanghai)")
    s.add_argument("--item", help="catalog item code: an ID card must stay valid until its promised completion")
    s.add_argument("files", nargs="+", metavar="FILE")
    s.set_defaults(run=cmd_precheck)

    s = sub.add_parser("robot", help="register a hall's voice robot (prints its key once), list or remove them")
    s.add_argument("action", choices=["add", "list", "remove"])
    s.add_argument("device_id", nargs="?")
    s.add_argument("--hall", help="the hall's code, for add")
    s.add_argument("--rotate", action="store_true", help="give an existing device a new key")
    s.set_defaults(run=cmd_robot)

    s = sub.add_parser("dept", help="register a department's system (prints its signing key once), or list them")
    s.add_argument("action", choices=["add", "list"])
    s.add_argument("department_id", nargs="?", metavar="DEPT")
    s.add_argument("--rotate", action="store_true", help="give an existing department a new key")
    s.set_defaults(run=cmd_dept)

    s = sub.add_parser("staff", help="console accounts: add (password from a prompt or stdin), token, list")
    s.add_argument("action", choices=["add", "token", "list"])
    s.add_argument("name", nargs="?", metavar="NAME")
    s.add_argument("--role", choices=["admin", "supervisor", "clerk", "reviewer"])
    s.add_argument("--hall", help="the hall's code: the account sees only that hall (default: every hall)")
    s.set_defaults(run=cmd_staff)

    s = sub.add_parser("wechat", help="the official account: `wechat menu show|publish` (wechat/menu.yaml)")
    s.add_argument("what", choices=["menu"])
    s.add_argument("action", choices=["show", "publish"])
    s.set_defaults(run=cmd_wechat)

    s = sub.add_parser("bench", help="run a benchmark from bench/ and print its table")
    s.add_argument("name")
    s.add_argument("rest", nargs=argparse.REMAINDER)
    s.set_defaults(run=cmd_bench)
    return p


def main(argv: list[str] | None = None) -> None:
    args = parser().parse_args(argv)
    args.run(args)


if __name__ == "__main__":
    main()
