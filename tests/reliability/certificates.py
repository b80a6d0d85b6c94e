"""Throw-away certificates made at test time with the ``openssl`` command: a CA, a server
certificate for 127.0.0.1/localhost signed by it, and one for another name."""

from __future__ import annotations

import shutil
import ssl
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest


@dataclass(frozen=True)
class Certificates:
    ca: Path
    server_cert: Path
    server_key: Path
    other_cert: Path  # valid chain, but for other.example only
    other_key: Path

    def server_context(self, other_name: bool = False) -> ssl.SSLContext:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        if other_name:
            context.load_cert_chain(self.other_cert, self.other_key)
        else:
            context.load_cert_chain(self.server_cert, self.server_key)
        return context


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True, timeout=30)


def _leaf(directory: Path, name: str, subject_alt: str) -> tuple[Path, Path]:
    key, request, cert, ext = (
        directory / f"{name}.{suffix}" for suffix in ("key", "csr", "pem", "ext")
    )
    ext.write_text(f"subjectAltName={subject_alt}\nbasicConstraints=CA:FALSE\n")
    _openssl(
        "req",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        key.name,
        "-out",
        request.name,
        "-subj",
        f"/CN={name}",
        cwd=directory,
    )
    _openssl(
        "x509",
        "-req",
        "-in",
        request.name,
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        cert.name,
        "-days",
        "2",
        "-extfile",
        ext.name,
        cwd=directory,
    )
    return cert, key


def make_certificates(directory: Path) -> Certificates:
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is needed to make test certificates")
    _openssl(
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "2",
        "-subj",
        "/CN=ewallet-monitor reliability test CA",
        cwd=directory,
    )
    server_cert, server_key = _leaf(directory, "server", "IP:127.0.0.1,DNS:localhost")
    other_cert, other_key = _leaf(directory, "other", "DNS:other.example")
    return Certificates(directory / "ca.pem", server_cert, server_key, other_cert, other_key)
