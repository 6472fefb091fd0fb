"""EU DCC interoperability: Tverr's certificates against independent Python implementations.

- Tverr issues; cbor2, base45, zlib and cryptography read and verify it. (pycose 1.1 cannot read
  cbor2 6's tuples and frozen maps, so the signature is checked with cryptography directly.)
- The PNG QR code decodes with zxing-cpp back to exactly the HC1 string.
- Python issues (ES256 and PS256, kid in the protected or the unprotected header); `tverr verify` accepts it.
- Tampered certificates, expired ones and unknown signers are refused with the right reason.
- UVCI check characters agree with python-stdnum's Luhn mod N.

Usage: python3 scripts/dcc_interop.py path/to/tverr
"""
import datetime
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
import zlib

import base45
import cbor2
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature, encode_dss_signature
from cryptography.x509.oid import NameOID
from PIL import Image
from stdnum import luhn
import zxingcpp

from testlib import Checks

TVERR = sys.argv[1]
check = Checks()
NOW = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/:"


def tverr(*args):
    return subprocess.run([TVERR, *args], capture_output=True, text=True, timeout=60)


def payload(sample_time, uvci="URN:UVCI:01:NO:PY/1A2B3C4D"):
    return {
        "ver": "1.3.0",
        "nam": {"fn": "Шевченко", "fnt": "SHEVCHENKO", "gn": "Юлія", "gnt": "YULIIA"},
        "dob": "1994-07",
        "t": [{"tg": "840539006", "tt": "LP6464-4", "nm": "Roche LightCycler qPCR", "sc": sample_time.isoformat(),
               "tr": "260415000", "tc": "Ullevål sykehus", "co": "NO", "is": "Folkehelseinstituttet",
               "ci": uvci + "#" + luhn.calc_check_digit(uvci, ALPHABET)}],
    }


def unpack(hc1):
    """HC1 string -> (protected header, unprotected header, claims, signature, signed bytes)."""
    assert hc1.startswith("HC1:")
    cose = zlib.decompress(base45.b45decode(hc1[4:]))
    tag = cbor2.loads(cose)
    assert isinstance(tag, cbor2.CBORTag) and tag.tag == 18, "not a COSE_Sign1 (tag 18)"
    protected_bytes, unprotected, payload_bytes, signature = tag.value
    to_be_signed = cbor2.dumps(["Signature1", protected_bytes, b"", payload_bytes])
    return cbor2.loads(protected_bytes), unprotected, cbor2.loads(payload_bytes), signature, to_be_signed


def tverr_issues_python_verifies(folder):
    sample = NOW - datetime.timedelta(hours=2)
    path = os.path.join(folder, "payload.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(payload(sample), f, ensure_ascii=False)
    png = os.path.join(folder, "qr.png")
    pdf = os.path.join(folder, "certificate.pdf")
    run = tverr("dcc", "issue", path, "--certificate", os.path.join(folder, "dsc.pem"), "--key", os.path.join(folder, "dsc.key.pem"), "--png", png,
                "--pdf", pdf, "--language", "en")
    check(run.returncode == 0, f"tverr dcc issue failed: {run.stderr}")
    hc1 = run.stdout.strip()
    protected, unprotected, claims, signature, to_be_signed = unpack(hc1)
    with open(os.path.join(folder, "dsc.pem"), "rb") as f:
        dsc = x509.load_pem_x509_certificate(f.read())
    der = dsc.public_bytes(serialization.Encoding.DER)
    check(protected.get(1) == -7, f"alg is ES256 (-7): {protected}")
    check(protected.get(4) == hashlib.sha256(der).digest()[:8], "kid = first 8 bytes of SHA-256 of the DSC's DER")
    r, s = int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
    try:
        dsc.public_key().verify(encode_dss_signature(r, s), to_be_signed, ec.ECDSA(hashes.SHA256()))
        check(True, "")
    except Exception as error:  # noqa: BLE001
        check(False, f"cryptography rejects Tverr's ES256 signature: {error!r}")
    check(claims.get(1) == "NO", f"iss is NO: {claims.get(1)}")
    check(claims.get(4) == int(sample.timestamp()) + 72 * 3600 and claims.get(6) > int(sample.timestamp()),
          "a test certificate expires 72 hours after the sample (exp = sc + 72 h), issued after it")
    with open(path, encoding="utf-8") as f:
        check(claims[-260][1] == json.load(f), "the hcert payload is the JSON payload, field for field")
    ci = claims[-260][1]["t"][0]["ci"]
    check(luhn.is_valid(ci.replace("#", ""), ALPHABET), "the UVCI's check character is valid for python-stdnum")
    results = zxingcpp.read_barcodes(Image.open(png))
    check([r.text for r in results] == [hc1], f"zxing-cpp reads the PNG QR code back to the HC1 string ({len(hc1)} chars)")
    check(results and results[0].format == zxingcpp.BarcodeFormat.QRCode and results[0].ec_level == "Q", "the QR code is at level Q")
    # The printed page: rendered by poppler at 150 dpi, its QR code reads back to the same string.
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", pdf, os.path.join(folder, "page")], check=True)
    printed = zxingcpp.read_barcodes(Image.open(os.path.join(folder, "page.png")))
    check([r.text for r in printed] == [hc1], "zxing-cpp reads the QR code on the PDF page (poppler, 150 dpi) back to the HC1 string")
    words = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout
    check("EU Digital COVID Certificate: test" in words and ci in words, "the PDF's text says what the code holds, with the UVCI")
    return hc1


def python_certificate(key, subject_country="NO", eku=None):
    name = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, subject_country), x509.NameAttribute(NameOID.COMMON_NAME, "Python DSC")])
    builder = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
               .serial_number(x509.random_serial_number()).not_valid_before(NOW - datetime.timedelta(days=1))
               .not_valid_after(NOW + datetime.timedelta(days=365)))
    if eku:
        builder = builder.add_extension(x509.ExtendedKeyUsage([x509.ObjectIdentifier(e) for e in eku]), critical=False)
    return builder.sign(key, hashes.SHA256())


def python_issue(key, certificate, body, algorithm, kid_place="protected", exp_hours=48):
    kid = hashlib.sha256(certificate.public_bytes(serialization.Encoding.DER)).digest()[:8]
    protected = {1: algorithm}
    unprotected = {}
    (protected if kid_place == "protected" else unprotected)[4] = kid
    iat = int(NOW.timestamp()) - 60
    claims = cbor2.dumps({1: "NO", 6: iat, 4: iat + exp_hours * 3600, -260: {1: body}})
    protected_bytes = cbor2.dumps(protected)
    to_be_signed = cbor2.dumps(["Signature1", protected_bytes, b"", claims])
    if algorithm == -7:
        r, s = decode_dss_signature(key.sign(to_be_signed, ec.ECDSA(hashes.SHA256())))
        signature = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    else:
        signature = key.sign(to_be_signed, padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32), hashes.SHA256())
    cose = cbor2.dumps(cbor2.CBORTag(18, [protected_bytes, unprotected, claims, signature]))
    return "HC1:" + base45.b45encode(zlib.compress(cose, 9)).decode()


def python_issues_tverr_verifies(folder):
    ec_key = ec.generate_private_key(ec.SECP256R1())
    ec_cert = python_certificate(ec_key, eku=["1.3.6.1.4.1.1847.2021.1.1"])
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    rsa_cert = python_certificate(rsa_key)
    paths = {}
    for name, cert in [("ec", ec_cert), ("rsa", rsa_cert)]:
        paths[name] = os.path.join(folder, f"python-{name}.pem")
        with open(paths[name], "wb") as f:
            f.write(cert.public_bytes(serialization.Encoding.PEM))
    body = payload(NOW - datetime.timedelta(hours=3), uvci="URN:UVCI:01:NO:PY/ES256")
    cases = [
        ("ES256, kid protected", python_issue(ec_key, ec_cert, body, -7), "ec", "VALID"),
        ("ES256, kid unprotected", python_issue(ec_key, ec_cert, body, -7, kid_place="unprotected"), "ec", "VALID"),
        ("PS256", python_issue(rsa_key, rsa_cert, body, -37), "rsa", "VALID"),
        ("expired", python_issue(ec_key, ec_cert, body, -7, exp_hours=-1), "ec", "INVALID: The certificate expired"),
        ("signer unknown", python_issue(ec_key, ec_cert, body, -7), "rsa", "INVALID: Unknown key identifier"),
    ]
    positive = json.loads(json.dumps(body))
    positive["t"][0]["tr"] = "260373001"
    cases.append(("positive result", python_issue(ec_key, ec_cert, positive, -7), "ec", "INVALID: Rules not met: TR-NO-0002"))
    vaccination = {"ver": "1.3.0", "nam": {"fnt": "NORDMANN"}, "dob": "1970", "v": [{
        "tg": "840539006", "vp": "1119349007", "mp": "EU/1/20/1528", "ma": "ORG-100030215", "dn": 2, "sd": 2,
        "dt": (NOW - datetime.timedelta(days=30)).date().isoformat(), "co": "NO", "is": "FHI", "ci": "URN:UVCI:01:NO:V1#X"}]}
    cases.append(("vaccination from a test-only signer", python_issue(ec_key, ec_cert, vaccination, -7), "ec", "INVALID: The signer may not issue vaccination certificates"))
    for label, hc1, signer, expected in cases:
        run = tverr("verify", hc1, "--signer", paths[signer])
        first = run.stdout.splitlines()[0] if run.stdout else run.stderr
        check(first.startswith(expected), f"{label}: expected {expected!r}, got {first!r}")
        check((run.returncode == 0) == (expected == "VALID"), f"{label}: exit code {run.returncode}")


def hostile_input(folder, hc1):
    trust = os.path.join(folder, "trust-list.json")
    flipped = hc1[:40] + ("A" if hc1[40] != "A" else "B") + hc1[41:]
    for label, text, expected in [
        ("one character changed", flipped, "INVALID: "),
        ("cut in half", hc1[: len(hc1) // 2], "INVALID: Not a readable certificate"),
        ("no prefix", hc1[4:], "INVALID: Not a readable certificate: The text does not start with HC1:"),
        ("zlib bomb", "HC1:" + base45.b45encode(zlib.compress(b"\0" * (1 << 20), 9)).decode(), "INVALID: Not a readable certificate: The zlib data inflates to more than 65536 bytes"),
    ]:
        run = tverr("verify", text, "--trust-list", trust)
        out = run.stdout.splitlines()[0] if run.stdout else run.stderr.strip()
        check(out.startswith(expected) and run.returncode == 1, f"{label}: expected {expected!r} and exit 1, got {out!r} ({run.returncode})")


def main():
    with tempfile.TemporaryDirectory() as folder:
        run = tverr("dcc", "keys", "--out", folder, "--kinds", "t")
        check(run.returncode == 0, f"tverr dcc keys failed: {run.stderr}")
        hc1 = tverr_issues_python_verifies(folder)
        verified = tverr("verify", hc1, "--trust-list", os.path.join(folder, "trust-list.json"))
        check(verified.returncode == 0 and verified.stdout.startswith("VALID"), f"tverr verifies its own certificate: {verified.stdout}")
        python_issues_tverr_verifies(folder)
        hostile_input(folder, hc1)
    print(f"{check.passed} checks passed, {len(check.failures)} failed")
    sys.exit(1 if check.failures else 0)


if __name__ == "__main__":
    main()
