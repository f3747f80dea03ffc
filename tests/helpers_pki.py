"""A test PKI and a time-stamp server on 127.0.0.1, for `saraban sign` and `saraban verify`.

The PKI is made with ``cryptography`` (which pyHanko brings): a root CA, a signer (RSA: an EC key
makes pyHanko declare PDF 2.0, which PDF/A-2 does not allow) and a time-stamping authority. The
server answers RFC 3161 requests with pyHanko's own test time-stamper; it lives as long as the
test module that starts it.
"""
from __future__ import annotations

import datetime as dt
import http.server
import threading
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

PASSPHRASE = b"test-passphrase"
SIGNER_NAME = "นายสมชาย ใจดี"


@dataclass
class Pki:
    root: Path
    signer_p12: Path
    signer_key: Path
    signer_cert: Path
    tsa_key: Path
    tsa_cert: Path


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "TH"),
                      x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _usage(signing: bool, ca: bool = False) -> x509.KeyUsage:
    return x509.KeyUsage(digital_signature=signing, content_commitment=signing and not ca, key_encipherment=False,
                         data_encipherment=False, key_agreement=False, key_cert_sign=ca, crl_sign=ca,
                         encipher_only=False, decipher_only=False)


def make_pki(folder: Path) -> Pki:
    folder.mkdir(parents=True, exist_ok=True)
    start = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=1)
    root_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    root = (x509.CertificateBuilder().subject_name(_name("saraban Test Root CA")).issuer_name(_name("saraban Test Root CA"))
            .public_key(root_key.public_key()).serial_number(1)
            .not_valid_before(start).not_valid_after(start + dt.timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(_usage(False, ca=True), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(root_key.public_key()), critical=False)
            .sign(root_key, hashes.SHA256()))

    def leaf(common_name: str, serial: int, purpose=None):
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        builder = (x509.CertificateBuilder().subject_name(_name(common_name)).issuer_name(root.subject)
                   .public_key(key.public_key()).serial_number(serial)
                   .not_valid_before(start).not_valid_after(start + dt.timedelta(days=29))
                   .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()), critical=False)
                   .add_extension(_usage(True), critical=True))
        if purpose:
            builder = builder.add_extension(x509.ExtendedKeyUsage([purpose]), critical=True)
        return key, builder.sign(root_key, hashes.SHA256())

    signer_key, signer_cert = leaf(SIGNER_NAME, 2)
    tsa_key, tsa_cert = leaf("saraban Test TSA", 3, ExtendedKeyUsageOID.TIME_STAMPING)
    files = Pki(folder / "root.pem", folder / "signer.p12", folder / "signer.key", folder / "signer.pem",
                folder / "tsa.key", folder / "tsa.pem")
    for path, cert in ((files.root, root), (files.signer_cert, signer_cert), (files.tsa_cert, tsa_cert)):
        path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    for path, key in ((files.signer_key, signer_key), (files.tsa_key, tsa_key)):
        path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    files.signer_p12.write_bytes(pkcs12.serialize_key_and_certificates(
        b"signer", signer_key, signer_cert, [root], serialization.BestAvailableEncryption(PASSPHRASE)))
    return files


class TimeStampServer:
    """An RFC 3161 server on 127.0.0.1 (a free port), answering with pyHanko's test time-stamper."""

    def __init__(self, pki: Pki):
        from asn1crypto import tsp
        from pyhanko.keys import load_cert_from_pemder, load_private_key_from_pemder
        from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

        stamper = DummyTimeStamper(load_cert_from_pemder(str(pki.tsa_cert)),
                                   load_private_key_from_pemder(str(pki.tsa_key), passphrase=None))
        self.requests = 0
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                request = tsp.TimeStampReq.load(self.rfile.read(int(self.headers["Content-Length"])))
                answer = stamper.request_tsa_response(request).dump()
                server.requests += 1
                self.send_response(200)
                self.send_header("Content-Type", "application/timestamp-reply")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> "TimeStampServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
