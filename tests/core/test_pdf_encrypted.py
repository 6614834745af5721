"""Encrypted PDFs (issue 23, part 3): locked only against printing they read as usual, whatever the cipher.

Most PDFs a counterparty sends encrypted are locked only against editing or printing, with an
empty password to open them, and recent writers use AES for that. Those import their text. A
PDF that needs a password, or a certificate, is refused in one plain sentence; and nothing pypdf
raises while decrypting or reading (a missing AES backend included) ever reaches the user as a
traceback.
"""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from pypdf import PdfWriter

from desktop.cli import main as cli_main
from desktop.core.model import ReadError
from desktop.core.pipeline import load_draft
from desktop.core.reading import pdf as pdf_reading
from tests.core.pdf_maker import Text, paragraph_lines, pdf

TERMS = [Text("1. Fees. Customer pays the fees in the Order Form.", 72, 600),
         Text("2. Term. This Agreement lasts one year.", 72, 587)]
CIPHERS = ["RC4-40", "RC4-128", "AES-128", "AES-256-R5", "AES-256"]
PROTECTED = "This PDF is password-protected."


def locked(algorithm: str, user_password: str = "", owner_password: str = "x", pages=None) -> bytes:
    """Return a small text PDF encrypted with `algorithm`; an empty user password opens it."""
    writer = PdfWriter(clone_from=io.BytesIO(pdf(pages or [TERMS])))
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def without_cryptography(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make pypdf decrypt as it does where the `cryptography` package is not installed."""
    from pypdf import _encryption
    from pypdf._crypt_providers import _fallback

    for name in ("CryptAES", "CryptRC4", "aes_cbc_decrypt", "aes_cbc_encrypt", "aes_ecb_decrypt",
                 "aes_ecb_encrypt", "rc4_decrypt", "rc4_encrypt"):
        monkeypatch.setattr(_encryption, name, getattr(_fallback, name))


@pytest.mark.parametrize("algorithm", CIPHERS)
def test_a_pdf_locked_only_against_printing_imports_its_text(algorithm):
    data = locked(algorithm)
    assert b"/Encrypt" in data and b"Customer pays" not in data
    draft = load_draft(f"{algorithm}.pdf", data)
    assert [(c.number, c.heading) for c in draft.clauses] == [("1", "Fees"), ("2", "Term")]
    assert "Customer pays the fees in the Order Form." in draft.clauses[0].text


def test_a_longer_aes_pdf_keeps_its_paragraphs():
    page = [Text("1. Confidentiality.", 72, 700, bold=True)] + paragraph_lines(
        "The receiving party keeps the disclosing party's information secret. " * 4, 72, 686)
    later = [Text("2. Term. This Agreement lasts one year.", 72, 700)]
    draft = load_draft("nda.pdf", locked("AES-128", pages=[page, later]))
    assert [(c.number, c.heading) for c in draft.clauses] == [("1", "Confidentiality"), ("2", "Term")]
    assert draft.clauses[0].text.count("secret") == 4


@pytest.mark.parametrize("algorithm", CIPHERS)
def test_a_pdf_that_needs_a_password_is_refused_in_one_plain_sentence(algorithm):
    with pytest.raises(ReadError) as caught:
        load_draft("locked.pdf", locked(algorithm, user_password="secret"))
    assert str(caught.value).startswith(PROTECTED)


@pytest.mark.parametrize("algorithm", ["AES-128", "AES-256-R5", "AES-256"])
def test_without_the_aes_backend_an_aes_pdf_is_refused_in_plain_words(algorithm, monkeypatch):
    data = locked(algorithm)
    without_cryptography(monkeypatch)
    with pytest.raises(ReadError) as caught:
        load_draft("aes.pdf", data)
    assert str(caught.value) == pdf_reading.NO_AES
    assert "cryptography" in pdf_reading.NO_AES


def test_without_the_aes_backend_rc4_pdfs_still_read(monkeypatch):
    data = locked("RC4-128")
    without_cryptography(monkeypatch)
    assert [c.number for c in load_draft("rc4.pdf", data).clauses] == ["1", "2"]


def test_the_cli_without_the_aes_backend_prints_one_error_line_and_exits_2(tmp_path, monkeypatch, capsys):
    path = tmp_path / "aes.pdf"
    path.write_bytes(locked("AES-128"))
    assert cli_main(["clauses", str(path)]) == 0
    capsys.readouterr()
    without_cryptography(monkeypatch)
    assert cli_main(["clauses", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err == f"error: {pdf_reading.NO_AES}\n"


@pytest.mark.parametrize(("old", "new"), [(b"/Filter /Standard", b"/Filter /PubSecXY"), (b"/V 2", b"/V 9")],
                         ids=["certificate handler", "unknown cipher version"])
def test_a_security_handler_pypdf_does_not_know_is_refused_in_plain_words(old, new):
    data = locked("RC4-128")
    assert data.count(old) == 1
    with pytest.raises(ReadError) as caught:
        load_draft("certificate.pdf", data.replace(old, new))  # same length: the offsets hold
    assert str(caught.value) == pdf_reading.LOCKED_OTHERWISE


@pytest.mark.parametrize("error", [struct.error("unpack requires a buffer of 4 bytes"), zlib.error("bad block"),
                                   LookupError("unknown encoding: x-mac-klingon"), MemoryError(),
                                   NotImplementedError("/JBIG2Decode"), RecursionError()],
                         ids=lambda e: f"{type(e).__module__}.{type(e).__name__}".removeprefix("builtins."))
def test_whatever_pypdf_raises_while_reading_becomes_the_damaged_message(error, monkeypatch):
    from pypdf import PageObject

    def fail(*args, **kwargs):
        raise error

    monkeypatch.setattr(PageObject, "extract_text", fail)
    with pytest.raises(ReadError, match="This PDF is damaged and cannot be read"):
        load_draft("odd.pdf", pdf([TERMS]))
