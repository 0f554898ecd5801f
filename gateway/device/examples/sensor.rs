//! A sensor signing one reading, as firmware would, on a host for trying it out.
//!
//! ```text
//! cargo run --example sensor -- --seed <64 hex> --genesis <0x… genesis hash> --seq 8 \
//!     --payload '{"t":21.5}' --out frame.bin
//! ```
//!
//! Every option has a default: the worked example of `docs/anchoring.md` section 7 (seed
//! `0x01…01`, genesis `0x45…45`, reading 7, payload `{"t":21.5}`), except `--timestamp`, which
//! defaults to now. The genesis hash is in the gateway's `GET /v1/status` answer
//! (`genesisHash`). It prints the binary frame (the 145-byte envelope, then the payload) in hex,
//! the MQTT topic to publish it on and the envelope's leaf, and with `--out` writes the frame's
//! bytes to a file, which a gateway takes over HTTP or MQTT:
//!
//! ```text
//! curl --data-binary @frame.bin -H 'Content-Type: application/octet-stream' \
//!     http://127.0.0.1:8090/v1/readings
//! mosquitto_pub -t iotchain/v1/devices/<device hex>/readings/bin -f frame.bin -q 1
//! ```
//!
//! A gateway refuses a reading number it has already taken from the device: give each reading a
//! new `--seq`.

use std::{
	process::ExitCode,
	time::{SystemTime, UNIX_EPOCH},
};

use iotchain_device::{binary_topic, envelope_leaf, frame, Device, ENVELOPE_LEN};

/// The largest payload this example takes; firmware sizes its buffer for its own readings.
const MAX_PAYLOAD: usize = 1024;

struct Options {
	seed: [u8; 32],
	genesis: [u8; 32],
	seq: u64,
	timestamp: Option<u64>,
	payload: String,
	out: Option<String>,
}

fn main() -> ExitCode {
	match run() {
		Ok(()) => ExitCode::SUCCESS,
		Err(error) => {
			eprintln!("sensor: {error}");
			ExitCode::FAILURE
		}
	}
}

fn run() -> Result<(), String> {
	let options = parse(std::env::args().skip(1))?;
	let timestamp = match options.timestamp {
		Some(timestamp) => timestamp,
		None => now_ms()?,
	};
	let device = Device::from_seed(options.seed, options.genesis);
	let payload = options.payload.as_bytes();
	let envelope = device.sign_reading(options.seq, timestamp, payload);

	let mut buffer = [0; ENVELOPE_LEN + MAX_PAYLOAD];
	let len = frame(&envelope, payload, &mut buffer)
		.ok_or(format!("the payload is over {MAX_PAYLOAD} bytes"))?;
	let bytes = buffer.get(..len).ok_or("the frame is longer than its buffer")?;

	println!("device    0x{}", hex(&device.id()));
	println!("seq       {}", options.seq);
	println!("timestamp {timestamp}");
	println!("leaf      0x{}", hex(&envelope_leaf(&envelope)));
	println!("topic     {}", binary_topic(&device.id()).as_str());
	println!("frame     {}", hex(bytes));
	if let Some(path) = options.out {
		std::fs::write(&path, bytes).map_err(|error| format!("cannot write {path}: {error}"))?;
		println!("wrote {len} bytes to {path}");
	}
	Ok(())
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<Options, String> {
	let mut options = Options {
		seed: [1; 32],
		genesis: [0x45; 32],
		seq: 7,
		timestamp: None,
		payload: r#"{"t":21.5}"#.into(),
		out: None,
	};
	while let Some(flag) = args.next() {
		let value = args.next().ok_or(format!("{flag} needs a value"))?;
		match flag.as_str() {
			"--seed" => options.seed = unhex32(&value, "--seed")?,
			"--genesis" => options.genesis = unhex32(&value, "--genesis")?,
			"--seq" => {
				options.seq = value.parse().map_err(|_| format!("--seq {value}: not a u64"))?
			}
			"--timestamp" => {
				options.timestamp =
					Some(value.parse().map_err(|_| format!("--timestamp {value}: not a u64"))?)
			}
			"--payload" => options.payload = value,
			"--out" => options.out = Some(value),
			_ => return Err(format!("unknown option {flag}; see the example's doc comment")),
		}
	}
	Ok(options)
}

fn now_ms() -> Result<u64, String> {
	let since_epoch = SystemTime::now().duration_since(UNIX_EPOCH).map_err(|e| e.to_string())?;
	u64::try_from(since_epoch.as_millis()).map_err(|e| e.to_string())
}

fn hex(bytes: &[u8]) -> String {
	bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// 32 bytes from 64 hex digits, with or without `0x`.
fn unhex32(text: &str, what: &str) -> Result<[u8; 32], String> {
	let digits = text.strip_prefix("0x").unwrap_or(text);
	let bad = || format!("{what} must be 32 bytes in hex, got {text:?}");
	if digits.len() != 64 || !digits.is_ascii() {
		return Err(bad());
	}
	let mut out = [0; 32];
	for (slot, pair) in out.iter_mut().zip(digits.as_bytes().chunks(2)) {
		let pair = std::str::from_utf8(pair).map_err(|_| bad())?;
		*slot = u8::from_str_radix(pair, 16).map_err(|_| bad())?;
	}
	Ok(out)
}
