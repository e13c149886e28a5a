"""Yimen's command line: serve, worker, chat, nlu, catalog, bench."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from datetime import datetime
from pathlib import Path

from core.settings import Settings, SettingsError


def settings_or_exit() -> Settings:
    try:
        return Settings.from_env()
    except SettingsError as exc:
        sys.exit(f"yimen: setting {exc}")


def cmd_serve(args: argparse.Namespace) -> None:
    from aiohttp import web

    from core.privacy import configure_logging
    from handlers.app import create_app

    configure_logging()
    settings = settings_or_exit()
    web.run_app(
        create_app(settings),
        host=args.host or settings.host,
        port=args.port or settings.port,
        access_log_format='%r %s %Tfs',  # no query strings: signatures and nonces stay out of logs
        print=lambda line: logging.getLogger("yimen").info(line),
    )


def cmd_chat(args: argparse.Namespace) -> None:
    from bot.terminal import run_chat

    asyncio.run(run_chat(settings_or_exit(), sys.stdin, sys.stdout, user=args.user))


def cmd_nlu(args: argparse.Namespace) -> None:
    from intents.cli import run_nlu

    now = datetime.fromisoformat(args.now) if args.now else None
    run_nlu(sys.stdin, sys.stdout, now=now, catalog_path=Path(args.catalog) if args.catalog else None)


def cmd_catalog(args: argparse.Namespace) -> None:
    from catalog.cli import run_catalog

    sys.exit(run_catalog(args.action, Path(args.file) if args.file else None, settings_or_exit()))


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
    s.set_defaults(run=cmd_serve)

    s = sub.add_parser("chat", help="talk to the assistant in a terminal (one message a line)")
    s.add_argument("--user", default="terminal")
    s.set_defaults(run=cmd_chat)

    s = sub.add_parser("nlu", help="JSON Lines in ({id, text}), understanding out")
    s.add_argument("--now", help="ISO date-time that 今天/明天 are resolved against")
    s.add_argument("--catalog", help="a catalog file other than the shipped one")
    s.set_defaults(run=cmd_nlu)

    s = sub.add_parser("catalog", help="check a catalog file, or load it into the database")
    s.add_argument("action", choices=["check", "load"])
    s.add_argument("file", nargs="?", help="default: the shipped catalog/data/catalog.yaml")
    s.set_defaults(run=cmd_catalog)

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
