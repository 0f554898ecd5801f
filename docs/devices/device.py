#!/usr/bin/env python3
"""An IoTChain device in one file: signs readings with its ed25519 key and sends them to a gateway.

Copy it and replace `take_reading` with your sensor.

    python3 docs/devices/device.py [--gateway http://127.0.0.1:8090] [--seed 0x<64 hex>]
                                   [--device 0x<64 hex>] [--seq-start N] [--count 3] [--interval 1]
    python3 docs/devices/device.py --self-test

Python 3.9 or later, with the `cryptography` package for ed25519 (`pip install cryptography`);
BLAKE2b and HTTP come from the standard library.

What a device sends (docs/anchoring.md section 7 gives every byte):

    signed bytes (129)  0x40 "iotchain/reading" ‖ genesis hash ‖ device ‖ seq (u64 LE)
                        ‖ timestamp (u64 LE, ms since the Unix epoch) ‖ BLAKE2b-256(payload)
    submission (JSON)   {"envelope": {device, seq, timestamp, payloadDigest,
                          signature: {type: "ed25519", signature}}, "payload": "<the exact text hashed>"}
                        ("payloadHex": "0x…" instead of "payload" for a binary payload)

The gateway answers 200 with {"receipt": …}, its signed promise to anchor the reading, or 4xx/503
with {"refused": "<reason>", "temporary": bool}.

Without --seed the device makes a new key and prints its seed: keep it, it is the device's
secret. The gateway takes readings only from devices registered on chain (else it refuses them as
"unknownDevice"), so register the printed device id first (deviceRegistry.register). Each reading
needs a number above the device's highest so far ("replayedSequence" otherwise): --seq-start
defaults to the current time in milliseconds, so runs one after the other never reuse a number.
--device is for a device whose key was rotated: it keeps the id it was registered with and signs
with its new key.
"""

import argparse
import hashlib
import json
import os
import random
import sys
import time
import urllib.error
import urllib.request

try:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
except ImportError:
    sys.exit("device.py needs the `cryptography` package for ed25519: pip install cryptography")

READING_TAG = b"iotchain/reading"
ED25519 = b"\x00"  # the MultiSignature scheme byte of an ed25519 signature
U64_MAX = 2**64 - 1


def blake2_256(data: bytes) -> bytes:
    """BLAKE2b-256, the chain's hash."""
    return hashlib.blake2b(data, digest_size=32).digest()


def u64le(n: int) -> bytes:
    return n.to_bytes(8, "little")


def bytes32(text: str, what: str) -> bytes:
    """32 bytes from hex, with or without 0x."""
    digits = text[2:] if text.startswith("0x") else text
    try:
        value = bytes.fromhex(digits)
    except ValueError:
        value = b""
    if len(value) != 32:
        raise ValueError(f"{what} must be 32 bytes in hex, got {text!r}")
    return value


def hex0x(data: bytes) -> str:
    return "0x" + data.hex()


class Device:
    """A device: its ed25519 key, its id (the public key it was registered with) and its chain."""

    def __init__(self, seed: bytes, genesis_hash: bytes, device_id: bytes = None):
        self.key = Ed25519PrivateKey.from_private_bytes(seed)
        self.public_key = self.key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        self.id = device_id or self.public_key
        self.genesis_hash = genesis_hash

    def sign_reading(self, seq: int, timestamp: int, payload: bytes):
        """One signed reading: (signed bytes, envelope JSON, envelope's 145 SCALE bytes).

        The envelope's leaf, which the gateway's receipt names, is BLAKE2b-256 of its bytes.
        """
        if not (0 <= seq <= U64_MAX and 0 <= timestamp <= U64_MAX):
            raise ValueError("seq and timestamp are u64s")
        payload_digest = blake2_256(payload)
        signed = (
            bytes([len(READING_TAG) << 2]) + READING_TAG + self.genesis_hash + self.id
            + u64le(seq) + u64le(timestamp) + payload_digest
        )
        signature = self.key.sign(signed)
        envelope_bytes = self.id + u64le(seq) + u64le(timestamp) + payload_digest + ED25519 + signature
        envelope = {
            "device": hex0x(self.id),
            "seq": seq,
            "timestamp": timestamp,
            "payloadDigest": hex0x(payload_digest),
            "signature": {"type": "ed25519", "signature": hex0x(signature)},
        }
        return signed, envelope, envelope_bytes


def submission(envelope: dict, payload: bytes) -> dict:
    """What to POST: the payload as text if it is UTF-8 (its exact bytes), else as hex."""
    try:
        return {"envelope": envelope, "payload": payload.decode("utf-8")}
    except UnicodeDecodeError:
        return {"envelope": envelope, "payloadHex": hex0x(payload)}


def take_reading() -> bytes:
    """The reading to send: replace with your sensor's. Any bytes do; the gateway never parses them."""
    return json.dumps({"t": round(20 + random.random() * 5, 1)}, separators=(",", ":")).encode()


def self_test() -> int:
    """The worked example of docs/anchoring.md section 7, recomputed: 0 and OK, or 1."""
    device = Device(bytes([1] * 32), bytes([0x45] * 32))
    signed, envelope, envelope_bytes = device.sign_reading(7, 1767225600000, b'{"t":21.5}')
    checks = [
        ("device id", envelope["device"],
         "0x8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c"),
        ("payload digest", envelope["payloadDigest"],
         "0x84706f69ba29b15ca7ec4188f747d0a10de6ce165afd6154aee3469f9f4617e2"),
        ("signed bytes", len(signed), 129),
        ("signature", envelope["signature"]["signature"],
         "0x62d7f81a7f65b7d3b182de02c936b2f4973ad8e1341b3c18545be3ab271113df"
         "4d97e57af4054b2f9505ddb479f8b09fa059dfd632405053f2e98dbba3530507"),
        ("envelope", len(envelope_bytes), 145),
        ("envelope leaf", hex0x(blake2_256(envelope_bytes)),
         "0x344618c25ab23bcf4b9c59b11fb504336334a4c513224f68ecee439c71146ae1"),
        ("envelope's device", envelope_bytes[:32], device.id),
    ]
    failed = False
    for what, got, want in checks:
        if got != want:
            print(f"{what}: got {got}, want {want}", file=sys.stderr)
            failed = True
    print("FAILED" if failed else "OK")
    return 1 if failed else 0


def request(url: str, body: dict = None):
    """GET, or POST `body` as JSON: the answer's status and parsed body (the text if not JSON)."""
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            status, text = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, text = error.code, error.read()
    try:
        return status, json.loads(text)
    except ValueError:
        return status, text.decode(errors="replace")


def parse_args(argv):
    parser = argparse.ArgumentParser(description="Sign readings and send them to an IoTChain gateway.")
    parser.add_argument("--gateway", default="http://127.0.0.1:8090", help="the gateway's HTTP URL")
    parser.add_argument("--seed", help="the device's ed25519 seed, 32 bytes in hex (default: a new one)")
    parser.add_argument("--device", help="the device id, if its key was rotated (default: the public key)")
    parser.add_argument("--seq-start", type=int, help="the first reading's number (default: now in ms)")
    parser.add_argument("--count", type=int, default=3, help="how many readings to send")
    parser.add_argument("--interval", type=float, default=1.0, help="seconds between readings")
    parser.add_argument("--self-test", action="store_true", help="check the worked example, no network")
    args = parser.parse_args(argv)
    if args.seq_start is not None and not 0 <= args.seq_start <= U64_MAX:
        parser.error("--seq-start must be a u64")
    if args.count < 1:
        parser.error("--count must be positive")
    if args.interval < 0:
        parser.error("--interval must not be negative")
    return parser, args


def main(argv) -> int:
    parser, args = parse_args(argv)
    if args.self_test:
        return self_test()
    try:
        seed = bytes32(args.seed, "--seed") if args.seed else None
        device_id = bytes32(args.device, "--device") if args.device else None
    except ValueError as error:
        parser.error(str(error))
    if seed is None:
        seed = os.urandom(32)
        print(f"new device seed {hex0x(seed)} (keep it secret: it is the device's key)")

    gateway = args.gateway.rstrip("/")
    try:
        status, body = request(f"{gateway}/v1/status")
        if status != 200 or not isinstance(body, dict) or not isinstance(body.get("genesisHash"), str):
            raise RuntimeError(f"GET {gateway}/v1/status answered {status}: {body}")
        device = Device(seed, bytes32(body["genesisHash"], "genesisHash"), device_id)
        print(f"gateway {body.get('gateway')}, chain {body['genesisHash']}")
        print(f"device  {hex0x(device.id)} (public key {hex0x(device.public_key)})")

        seq_start = args.seq_start if args.seq_start is not None else time.time_ns() // 1_000_000
        for n in range(args.count):
            if n:
                time.sleep(args.interval)
            payload = take_reading()
            seq = seq_start + n
            _, envelope, envelope_bytes = device.sign_reading(seq, time.time_ns() // 1_000_000, payload)
            status, answer = request(f"{gateway}/v1/readings", submission(envelope, payload))
            leaf = hex0x(blake2_256(envelope_bytes))
            print(f"reading {seq} {payload.decode(errors='replace')} leaf {leaf}")
            print(f"  {status} {json.dumps(answer) if isinstance(answer, dict) else answer}")
    except (OSError, RuntimeError, ValueError) as error:
        print(f"device: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
