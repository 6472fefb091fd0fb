"""The DCC pipeline in Python, the reference for `tverr bench dcc`: the same payloads, issued
(JSON -> CBOR claims -> COSE_Sign1 ES256 -> zlib -> Base45) and verified (the reverse, with the
signature checked), using cbor2, cryptography and base45 (C-backed where they can be).

Usage: python3 bench_dcc_reference.py payloads.jsonl  -> prints one JSON line of figures.
"""
import hashlib
import json
import sys
import time
import zlib

import base45
import cbor2
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature, encode_dss_signature


def main():
    with open(sys.argv[1], "rb") as f:
        payloads = [line for line in f.read().split(b"\n") if line]
    key = ec.generate_private_key(ec.SECP256R1())
    public = key.public_key()
    kid = hashlib.sha256(b"bench").digest()[:8]
    protected = cbor2.dumps({1: -7, 4: kid})
    iat = int(time.time())

    start = time.perf_counter()
    issued = []
    for payload in payloads:
        claims = cbor2.dumps({1: "NO", 6: iat, 4: iat + 72 * 3600, -260: {1: json.loads(payload)}})
        r, s = decode_dss_signature(key.sign(cbor2.dumps(["Signature1", protected, b"", claims]), ec.ECDSA(hashes.SHA256())))
        cose = cbor2.dumps(cbor2.CBORTag(18, [protected, {}, claims, r.to_bytes(32, "big") + s.to_bytes(32, "big")]))
        issued.append("HC1:" + base45.b45encode(zlib.compress(cose, 9)).decode())
    issue_seconds = time.perf_counter() - start

    start = time.perf_counter()
    valid = 0
    for text in issued:
        tag = cbor2.loads(zlib.decompress(base45.b45decode(text[4:])))
        protected_bytes, _, claims, signature = tag.value
        header = cbor2.loads(protected_bytes)
        signature = encode_dss_signature(int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big"))
        public.verify(signature, cbor2.dumps(["Signature1", protected_bytes, b"", claims]), ec.ECDSA(hashes.SHA256()))
        body = cbor2.loads(claims)
        if header[4] == kid and body[4] > iat:
            valid += 1
    verify_seconds = time.perf_counter() - start
    assert valid == len(payloads)
    print(json.dumps({"certificates": len(payloads), "issue_per_second": len(payloads) / issue_seconds,
                      "verify_per_second": len(payloads) / verify_seconds}))


if __name__ == "__main__":
    main()
