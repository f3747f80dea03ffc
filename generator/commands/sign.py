"""``saraban sign PDF…``: a PAdES signature into each letter's signature field (docs/e-saraban.md)."""
from __future__ import annotations

import argparse
import getpass
import os
from pathlib import Path

from rich.markup import escape

from generator.build import console as ui
from generator.errors import SetupError

ORDER = 60
PASSPHRASE_VARIABLE = "SARABAN_KEY_PASSPHRASE"


def add(sub) -> None:
    s = sub.add_parser("sign", help="sign finished PDFs (PAdES) into their signature field (ลงนามอิเล็กทรอนิกส์)",
                       description="Sign each PDF into its empty signature field: PAdES (ETSI.CAdES.detached, "
                                   "SHA-256), B-B, B-T with --timestamp, B-LTA with --lta; an incremental "
                                   "update that keeps PDF/A. Writes x.signed.pdf unless --in-place or --out. "
                                   "A draft (number auto or blank, date without its day) is refused.")
    s.add_argument("pdfs", nargs="+", metavar="PDF", type=Path, help="PDF files built by saraban")
    key = s.add_argument_group("the signing key (one of)")
    key.add_argument("--pkcs12", metavar="FILE", type=Path, help="a PKCS#12 file (.p12/.pfx) with key and certificate")
    key.add_argument("--key", metavar="FILE", type=Path, help="the private key (PEM or DER), with --cert")
    key.add_argument("--cert", metavar="FILE", type=Path, help="the signer's certificate (PEM or DER), with --key")
    key.add_argument("--chain", metavar="FILE", type=Path, nargs="+", default=[],
                     help="certificates of the issuing CAs, embedded with the signature")
    key.add_argument("--pkcs11-lib", metavar="LIB", help="a PKCS#11 library (token or HSM; pip install 'pyhanko[pkcs11]'); "
                                                          f"the PIN is read from ${'{'}SARABAN_PKCS11_PIN{'}'}")
    key.add_argument("--token-label", metavar="LABEL", help="the token's label, with --pkcs11-lib")
    key.add_argument("--key-label", metavar="LABEL", help="the key's and certificate's label on the token")
    s.add_argument("--timestamp", metavar="URL", help="an RFC 3161 time-stamp server: PAdES B-T")
    s.add_argument("--lta", action="store_true",
                   help="PAdES B-LTA: validation information and a document time-stamp (needs --timestamp)")
    s.add_argument("--trust", metavar="FILE", type=Path, nargs="+", default=[],
                   help="root certificates to build the validation information from, with --lta")
    s.add_argument("--reason", metavar="TEXT", help="the reason recorded in the signature")
    s.add_argument("--location", metavar="TEXT", help="the place recorded in the signature")
    s.add_argument("--field", metavar="NAME", help="the field to sign (default: the first empty of signature, signature-2 …)")
    s.add_argument("--font", metavar="FILE", type=Path,
                   help="a Thai TrueType font for the appearance (default: TH Sarabun if installed, else Laksaman)")
    place = s.add_mutually_exclusive_group()
    place.add_argument("--out", metavar="PATH", type=Path, help="the signed file (….pdf), or a folder for them")
    place.add_argument("--in-place", action="store_true", help="replace each PDF by its signed version")
    s.set_defaults(run=run)


def _passphrase(args: argparse.Namespace) -> bytes | None:
    """From $SARABAN_KEY_PASSPHRASE, else asked on a terminal (never on the command line)."""
    if not (args.pkcs12 or args.key):
        return None
    if PASSPHRASE_VARIABLE in os.environ:
        return os.environ[PASSPHRASE_VARIABLE].encode()
    if os.isatty(0):
        return getpass.getpass("passphrase of the signing key (empty: none): ").encode() or None
    return None


def run(args: argparse.Namespace) -> int:
    from generator.esaraban import signing

    out = ui.console()
    if bool(args.key) != bool(args.cert):
        raise SetupError("--key and --cert go together")
    credentials = signing.Credentials(
        pkcs12=args.pkcs12, passphrase=_passphrase(args), key=args.key, cert=args.cert, chain=args.chain,
        pkcs11_lib=args.pkcs11_lib, token_label=args.token_label, key_label=args.key_label)
    options = signing.SignOptions(
        timestamp_url=args.timestamp, lta=args.lta, reason=args.reason, location=args.location,
        field_name=args.field, font=args.font, in_place=args.in_place, out=args.out, trust=args.trust)
    if len(args.pdfs) > 1 and args.out is not None and args.out.suffix.lower() == ".pdf":
        raise SetupError("--out names one file: give a folder to sign several PDFs")
    signer = signing.load_signer(credentials)
    failed = 0
    for pdf in args.pdfs:
        try:
            mismatch = signing.name_mismatch(pdf, signer, options.field_name)
            signed = signing.sign(pdf, signer, options)
        except (signing.SignError, OSError) as exc:
            failed += 1
            out.print(f"[red]✗ not signed[/red] {escape(ui.shown(pdf))}: {escape(str(exc))}")
        except Exception as exc:        # pyHanko's and the time-stamp server's own errors
            failed += 1
            out.print(f"[red]✗ not signed[/red] {escape(ui.shown(pdf))}: {escape(type(exc).__name__)}: {escape(str(exc))}")
        else:
            out.print(f"[green]✓ signed[/green] {escape(ui.shown(pdf))} → {escape(ui.shown(signed))}")
            if mismatch:
                out.print(f"    [yellow]warning[/yellow] {escape(mismatch)}")
    return ui.EXIT_LETTERS if failed else ui.EXIT_OK
