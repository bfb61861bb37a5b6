"""The Spanish translation is complete, compiled, and served.

The catalogue is parsed here in plain Python, so these checks need no extra package;
only the freshness check runs GNU gettext (as `make messages` does), which `make test`
installs when it is missing.
"""

import ast
import gettext
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

PACKAGE = Path(__file__).resolve().parent.parent / "peerwell"
MESSAGES = PACKAGE / "locale" / "es" / "LC_MESSAGES"
PO = MESSAGES / "django.po"
MO = MESSAGES / "django.mo"

_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")$')
_PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|%[sdif]")


def parse_po(path):
    """Entries of a .po file as dicts: flags, msgctxt, msgid, msgid_plural, msgstr."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry = {"flags": set(), "msgstr": {}}
        field = None
        for line in block.strip().splitlines():
            if line.startswith("#~"):
                raise AssertionError(f"obsolete entry left in {path.name}: {line}")
            if line.startswith("#,"):
                entry["flags"].update(f.strip() for f in line[2:].split(","))
                continue
            if line.startswith("#"):
                continue
            match = _KEYWORD.match(line)
            if match:
                field, value = match.group(1), ast.literal_eval(match.group(2))
            elif line.startswith('"') and field:
                value = ast.literal_eval(line)
            else:
                raise AssertionError(f"cannot read this line of {path.name}: {line!r}")
            if field.startswith("msgstr"):
                index = int(field[7:-1]) if "[" in field else 0
                entry["msgstr"][index] = entry["msgstr"].get(index, "") + value
            else:
                entry[field] = entry.get(field, "") + value
        if "msgid" in entry:
            entries.append(entry)
    return entries


def _header(entries):
    raw = next(e for e in entries if e["msgid"] == "")["msgstr"][0]
    return dict(line.split(": ", 1) for line in raw.splitlines() if ": " in line)


def _messages(entries):
    return [e for e in entries if e["msgid"]]


def _label(entry):
    return repr(entry["msgid"])


@pytest.fixture(scope="module")
def entries():
    assert PO.exists(), f"{PO} is missing: run `make messages`"
    return parse_po(PO)


def test_header_declares_spanish_utf8_and_two_plural_forms(entries):
    header = _header(entries)
    assert header["Language"] == "es"
    assert "charset=UTF-8" in header["Content-Type"]
    assert header["Plural-Forms"].replace(" ", "") == "nplurals=2;plural=(n!=1);"


def test_every_message_is_translated_and_none_is_fuzzy(entries):
    messages = _messages(entries)
    assert len(messages) > 100
    fuzzy = [_label(e) for e in entries if "fuzzy" in e["flags"]]
    assert not fuzzy, f"fuzzy entries in {PO.name}: {fuzzy}"
    empty = []
    for e in messages:
        forms = 2 if "msgid_plural" in e else 1
        if sorted(e["msgstr"]) != list(range(forms)) or not all(e["msgstr"].values()):
            empty.append(_label(e))
    assert not empty, f"untranslated entries in {PO.name}: {empty}"


def test_translations_keep_every_placeholder(entries):
    wrong = []
    for e in _messages(entries):
        sources = [e["msgid"], e.get("msgid_plural", e["msgid"])]
        for index, text in e["msgstr"].items():
            expected = _PLACEHOLDER.findall(sources[min(index, 1)])
            if sorted(_PLACEHOLDER.findall(text)) != sorted(expected):
                wrong.append(f"{_label(e)} -> {text!r}")
    assert not wrong, "placeholders differ: " + "; ".join(wrong)


def test_compiled_catalogue_matches_the_po_file(entries):
    """The .mo holds exactly the .po's translations (not mtime-based: git drops mtimes)."""
    assert MO.exists(), f"{MO} is missing: run `make messages`"
    with MO.open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)._catalog
    expected = {}
    for e in _messages(entries):
        key = e["msgid"] if "msgctxt" not in e else f"{e['msgctxt']}\x04{e['msgid']}"
        if "msgid_plural" in e:
            for index, text in e["msgstr"].items():
                expected[(key, index)] = text
        else:
            expected[key] = e["msgstr"][0]
    compiled = {k: v for k, v in compiled.items() if k != ""}
    stale = sorted(str(k) for k in set(expected) ^ set(compiled))
    stale += sorted(str(k) for k in expected.keys() & compiled.keys() if expected[k] != compiled[k])
    assert not stale, f"{MO.name} is out of date with {PO.name} (run `make messages`): {stale}"


def test_catalogue_has_every_string_in_the_code(tmp_path, entries):
    """makemessages on a copy of the package finds no message the catalogue lacks."""
    assert shutil.which("xgettext"), "GNU gettext is needed: `make test` installs it"
    copy = tmp_path / "peerwell"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    django_admin = Path(sys.executable).with_name("django-admin")
    subprocess.run(
        [str(django_admin), "makemessages", "-l", "es", "--no-obsolete", "--add-location", "file"],
        cwd=copy,
        # As `make messages` runs it: no settings, so only the copy's locale/ is written.
        env={k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
        check=True,
        capture_output=True,
    )
    fresh_po = copy / PO.relative_to(PACKAGE)
    current = {(e.get("msgctxt"), e["msgid"]) for e in _messages(entries)}
    fresh = {(e.get("msgctxt"), e["msgid"]) for e in _messages(parse_po(fresh_po))}
    assert fresh == current, (
        "the catalogue is out of step with the code (run `make messages` and translate): "
        f"new {sorted(m for _, m in fresh - current)}, gone {sorted(m for _, m in current - fresh)}"
    )


def test_django_serves_the_spanish_catalogue():
    with translation.override("es"):
        assert translation.gettext("Sign in") == "Iniciar sesión"
        assert translation.gettext("My caseload") == "Mis participantes"
        assert translation.ngettext("%(n)s participant", "%(n)s participants", 1) == (
            "%(n)s participante"
        )
        assert translation.ngettext("%(n)s participant", "%(n)s participants", 3) == (
            "%(n)s participantes"
        )
    with translation.override("en"):
        assert translation.gettext("Sign in") == "Sign in"


@pytest.mark.django_db
def test_sign_in_page_in_spanish_for_a_spanish_browser(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="es"' in html
    assert "Iniciar sesión en Peerwell" in html
    assert "¿Olvidó su contraseña?" in html
    assert "Línea 988 de Prevención del Suicidio y Crisis" in html
    assert "Sign in to Peerwell" not in html


@pytest.mark.django_db
def test_sign_in_page_stays_english_by_default(client):
    html = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en"' in html
    assert "Sign in to Peerwell" in html
