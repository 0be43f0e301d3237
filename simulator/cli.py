"""The `ccsim` command: serve, openapi, fixtures, verify."""

from __future__ import annotations

import errno
import json
import socket
import sys
from pathlib import Path

import click

from simulator.config import Config
from simulator.core.resources import MissingResource, require_resources
from simulator.version import __version__

OPENAPI_DIR = Path("openapi")  # relative: under the working directory, as `make openapi` runs from the checkout


class Commands(click.Group):
    """The command group: a broken install (a required file missing) is one clear line, not a traceback."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except MissingResource as exc:
            raise click.ClickException(str(exc)) from None
        except click.UsageError as exc:  # a bad option value: its reason alone, not the usage text
            raise OneLineUsageError(exc.format_message()) from None


class OneLineUsageError(click.ClickException):
    """A usage error shown as one `Error:` line, with click's usage exit status."""

    exit_code = 2


@click.group(cls=Commands)
@click.version_option(__version__, prog_name="ccsim")
def main() -> None:
    """Contact-center API simulator (ROBIN, Sinch CMI, Chatwoot)."""


def _config(**overrides: object) -> Config:
    try:
        return Config.from_env(**overrides)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None


def banner(config: Config) -> str:
    base = f"http://{config.host}:{config.port}"
    rows = [
        ("ROBIN API", f"{base}/robin", f"Basic {config.robin_api_key} / {config.robin_api_secret}"),
        ("ROBIN presence", f"{base}/robin/presence/api/v1?apikey={config.robin_api_key}&Channel=Chat", ""),
        ("ROBIN VoIP", f"{base}/robin/voip/registerevent/{config.robin_api_key}", ""),
        ("Example webshop", f"{base}/robin/webshop",
         f"Basic {config.robin_webshop_key} / {config.robin_webshop_secret}"),
        ("Sinch CMI", f"{base}/sinch/cmi", f"Basic {config.sinch_cmi_user} / {config.sinch_cmi_password}"
         + (f", x-api-key {config.sinch_cmi_api_key}" if config.sinch_cmi_api_key else "")),
        ("Sinch ECF session", f"{base}/sinch/ecfs/authentication/",
         f"form login (ECFAuth), then the JSESSIONID cookie on {base}/sinch/ecfs/RI/cmi"),
        ("Chatwoot API", f"{base}/chatwoot/api/v1", f"api_access_token {config.chatwoot_admin_token} (administrator), "
         f"{config.chatwoot_agent_token} (agent), {config.chatwoot_bot_token} (agent bot)"),
        ("Control API", f"{base}/__admin", f"health: {base}/__admin/health"),
        ("Swagger UI", f"{base}/docs", ""),
        ("OpenAPI specs", f"{base}/openapi/<name>.json", ""),
    ]
    if config.state_dir is not None:
        rows.append(("State folder", str(config.state_dir),
                     f"namespaces saved {config.state_save_interval:g} s after writes and on a clean stop"))
    width = max(len(url) for _, url, note in rows if note)
    lines = [f"  {label:<17} {url:<{width}}  {note}".rstrip() for label, url, note in rows]
    head = (f"ccsim {__version__}: seed {config.seed}, rate limits {'on' if config.rate_limits else 'off'}, "
            f"{config.people} generated people per namespace")
    return "\n".join([head, *lines])


MAX_SERVE_SCALE = 100  # a world 100 times the default one takes about 15 s to seed


@main.command()
@click.option("--host", default=None, help="Interface to bind (default 127.0.0.1).")
@click.option("--port", type=click.IntRange(1, 65535), default=None, help="Port (default 8000).")
@click.option("--seed", type=int, default=None, help="Seed of the generated world.")
@click.option("--no-rate-limits", is_flag=True, help="Switch the vendors' rate limits off.")
@click.option("--workers", type=int, default=1, show_default=True, help="Must be 1 (see --help).")
@click.option("--access-log", is_flag=True, help="Log every request to stdout.")
@click.option("--scale", type=click.IntRange(1, MAX_SERVE_SCALE), default=1, show_default=True,
              help="Multiplies the people of every namespace's seeded world, and the records of every vendor "
                   "drawn from them (SIMULATOR_PEOPLE times N).")
@click.option("--state-dir", type=str, default=None, metavar="DIR",
              help="Restore every namespace saved in this folder at start; save them after writes and on a clean "
                   "stop (SIMULATOR_STATE_DIR).")
@click.option("--state-file", type=str, default=None, metavar="FILE",
              help="Start `default` from this export (GET /__admin/state, or state.json of `ccsim fixtures "
                   "generate --state`), unless --state-dir holds a saved `default` (SIMULATOR_STATE_FILE).")
@click.option("--state-dir-skip-bad", is_flag=True, default=None,
              help="Skip a saved file that cannot be restored, with a warning, instead of refusing to start.")
@click.option("--state-save-interval", type=click.FloatRange(min=0, min_open=True), default=None,
              help="Seconds after a write before its namespace is saved: what a hard kill may lose "
                   "(SIMULATOR_STATE_SAVE_INTERVAL, default 1).")
def serve(
    host: str | None, port: int | None, seed: int | None, no_rate_limits: bool, workers: int, access_log: bool,
    scale: int, state_dir: str | None, state_file: str | None, state_dir_skip_bad: bool | None,
    state_save_interval: float | None,
) -> None:
    """Run the simulator under gunicorn with one gevent worker process.

    State lives in process memory, so exactly one worker process is used; it still serves
    many concurrent clients.
    """
    from simulator.server import SINGLE_WORKER_REASON, SimulatorServer

    if workers != 1:
        raise click.UsageError(f"--workers {workers} refused: {SINGLE_WORKER_REASON}")
    for option, value in (("--state-dir", state_dir), ("--state-file", state_file)):
        if value is not None and not value.strip():  # "$DIR" of an unset variable: not the working directory
            raise click.UsageError(f"{option} needs a path; leave the option out for none")
    config = _config(host=host, port=port, seed=seed, rate_limits=False if no_rate_limits else None,
                     state_dir=Path(state_dir) if state_dir else None,
                     state_file=Path(state_file) if state_file else None, state_dir_skip_bad=state_dir_skip_bad,
                     state_save_interval=state_save_interval)
    config = config.with_overrides(people=config.people * scale)
    require_resources(config.fixtures_dir)  # before binding: a broken install never prints the banner
    problem = bind_problem(config.host, config.port)
    if problem:
        raise click.ClickException(problem)
    check_saved_state(config)

    def ready() -> None:  # gunicorn listens: only now are the URLs true
        click.echo(banner(config))
        sys.stdout.flush()

    SimulatorServer(config, access_log=access_log, on_ready=ready).run()


def check_saved_state(config: Config) -> None:
    """Restore what the server will restore into a scratch world first: a bad file stops the start here, in one
    line naming it (or, skipped, is warned about once)."""
    if config.state_dir is None and config.state_file is None:
        return
    from simulator.app import STATE_MODULES
    from simulator.core.clock import Clock
    from simulator.core.persistence import StateFileError, start
    from simulator.core.storage import NamespaceRegistry

    try:
        start(NamespaceRegistry(config, STATE_MODULES, Clock()), config, warn=lambda text: click.echo(text, err=True))
    except StateFileError as exc:
        raise click.ClickException(str(exc)) from None


def bind_problem(host: str, port: int) -> str:
    """Why the server could not listen on host:port (empty when it can), found before it starts."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        return f"cannot listen on {host}:{port}: {exc}"
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn binds
        try:
            probe.bind(address)
        except OSError as exc:
            reason = "the port is in use" if exc.errno == errno.EADDRINUSE else exc.strerror or str(exc)
            return f"cannot listen on {host}:{port}: {reason}"
    return ""


@main.group()
def openapi() -> None:
    """The generated OpenAPI documents under openapi/."""


def render_specs() -> dict[str, str]:
    from simulator.app import create_app

    app = create_app(Config())
    return {m.name: json.dumps(m.spec(), indent=2, sort_keys=True) + "\n" for m in app.extensions["simulator"].modules}


@openapi.command("write")
@click.option("--out", type=click.Path(path_type=Path), default=OPENAPI_DIR, show_default=True)
def openapi_write(out: Path) -> None:
    """Write one spec per API (openapi/<name>.json)."""
    out.mkdir(parents=True, exist_ok=True)
    for name, text in render_specs().items():
        (out / f"{name}.json").write_text(text, encoding="utf-8")
        click.echo(f"wrote {out / f'{name}.json'}")


@openapi.command("check")
@click.option("--dir", "directory", type=click.Path(path_type=Path), default=OPENAPI_DIR, show_default=True)
def openapi_check(directory: Path) -> None:
    """Fail when the committed specs differ from what the code generates."""
    specs = render_specs()
    missing = [n for n in specs if not (directory / f"{n}.json").is_file()]
    stale = [n for n, text in specs.items() if n not in missing
             and (directory / f"{n}.json").read_text(encoding="utf-8") != text]
    problems = ([f"missing specs in {directory}: {', '.join(missing)}"] if missing else []) + (
        [f"stale specs in {directory}: {', '.join(stale)}"] if stale else [])
    if problems:
        raise click.ClickException(f"{'; '.join(problems)}; write them with `ccsim openapi write --out {directory}`")
    click.echo("specs are up to date")


@main.group()
def fixtures() -> None:
    """Seeded data sets as JSON files."""


@fixtures.command("generate")
@click.option("--out", type=click.Path(path_type=Path), required=True, help="Directory to write into.")
@click.option("--seed", type=int, default=None, help="Seed (default: SIMULATOR_SEED or the built-in one).")
@click.option(
    "--vendor", type=click.Choice(["robin", "sinch_cmi", "chatwoot", "all"]), default="all", show_default=True
)
@click.option("--scale", type=click.IntRange(1, 1000), default=1, show_default=True,
              help="Multiplies the number of people (and what they generate).")
@click.option("--state", is_flag=True, help="Also write state.json: the whole world as one export, for "
                                           "`ccsim serve --state-file` (it holds the credentials, as GET "
                                           "/__admin/state does; needs --vendor all).")
def fixtures_generate(out: Path, seed: int | None, vendor: str, scale: int, state: bool) -> None:
    """Write the seeded world per vendor and entity; the same seed gives byte-identical files."""
    from simulator.fixtures import generate

    config = _config(seed=seed)
    if state and vendor != "all":
        raise click.UsageError("--state writes the whole world: use it with --vendor all")
    if out.exists() and not out.is_dir():
        raise click.ClickException(f"cannot write fixtures under {out}: it is a file, not a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)  # before seeding: a wrong place fails at once
        written = generate(config.with_overrides(people=config.people * scale), out, vendor, state=state)
    except OSError as exc:  # an existing file, a read-only or missing place: one clear line
        raise click.ClickException(f"cannot write fixtures under {out}: {exc.strerror or exc}") from None
    click.echo(f"wrote {len(written)} files under {out}")


@main.group()
def verify() -> None:
    """Contract tests of your own implementations of what a vendor calls."""


@verify.command("robin-webshop")
@click.argument("base_url")
@click.option("--key", required=True, help="Pre-shared key ROBIN sends (Basic username).")
@click.option("--secret", required=True, help="Pre-shared secret (Basic password).")
@click.option("--email", default="email@address.com", show_default=True, help="A customer your webshop knows.")
@click.option("--phone", default=None, help="That customer's phone number (checks the phone lookup).")
@click.option("--order-number", default=None, help="An order of that customer (default: the first listed).")
@click.option("--panel-id", default=None, help="A custom panel item id (default: the first listed).")
@click.option("--email-parameter", default="email", show_default=True)
@click.option("--phone-parameter", default="phone", show_default=True)
@click.option("--order-number-parameter", default="order_number", show_default=True)
@click.option("--panel-id-parameter", default="id", show_default=True)
@click.option("--header", "headers", multiple=True, help="Extra header 'Name: value' (repeatable).")
@click.option(
    "--skip",
    multiple=True,
    help="Endpoint to skip (customer, orders, order, lifetime, panel-list, panel-details, auth).",
)
@click.option("--timeout", type=float, default=10.0, show_default=True)
def verify_robin_webshop(base_url: str, **options: object) -> None:
    """Check your webshop's dynamic-integration endpoints against ROBIN's documented schemas.

    Prints one line per endpoint (PASS/FAIL/SKIP with the reasons) and exits non-zero when any
    check fails.
    """
    from simulator.robin.webshop.verify.checks import run_verification

    report = run_verification(base_url, **options)  # type: ignore[arg-type]
    click.echo(report.render())
    if not report.passed:
        raise SystemExit(1)
