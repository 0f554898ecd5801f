//! Streaming anomaly detection at the edge: per device, per metric, one reading at a time.
//!
//! A reading's payload is the exact bytes its device sent. When it is a JSON object, its numeric
//! top-level fields are metrics ([`metrics_of`]: `{"t":21.5,"rh":40}` has `rh` and `t`). The
//! gateway keeps one [`Detector`] per device in memory and calls [`Detector::observe`] once per
//! accepted reading, in order. The [`Annotation`] it returns is anchored beside the reading
//! (`iotchain_primitives::reading::annotation_leaf`), so its SCALE encoding is deterministic:
//! flagged metrics only, sorted by name.
//!
//! # Flags
//!
//! - [`SPIKE`]: the reading is more than [`DetectorConfig::spike_z`] standard deviations from
//!   the metric's EWMA mean. A spike never enters the mean or the variance, so the next normal
//!   reading is judged against the same baseline. Only after [`DetectorConfig::spike_run`]
//!   spikes in a row is the metric taken to have jumped to a new level, which then shows as
//!   [`DRIFT`].
//! - [`DRIFT`]: the EWMA mean has moved away from a slow EWMA of the metric by more than
//!   [`DetectorConfig::drift_z`] times the usual distance between the two (itself a slow
//!   average, which learns a daily cycle as normal), and stays flagged until the distance falls
//!   below [`DetectorConfig::drift_exit_z`]; the slow baseline then restarts at the new level.
//! - [`STUCK`]: the same value [`DetectorConfig::stuck_after`] times in a row, the first
//!   included, in a metric that has changed before. A coarse metric (an integer humidity) repeats
//!   itself often; there the run must also be one its own repeat rate makes less likely than
//!   [`DetectorConfig::stuck_chance`]. Every reading of the run is flagged from then on until the
//!   value changes. A repeated value is learnt from only once its run has ended short of stuck,
//!   so a frozen sensor never pulls the baseline; after a frozen stretch the mean catches up
//!   with wherever the level went meanwhile, and the slow baseline moves with it rather than
//!   calling that a drift.
//!
//! No reading is flagged during the first [`DetectorConfig::warmup`] readings of a metric
//! ([`DetectorConfig::drift_warmup`] for [`DRIFT`]). A metric costs about 140 bytes with its
//! name, a detector about 100 more and it tracks at most [`MAX_METRICS`] metrics, so 100,000
//! devices of two metrics each hold about 40 MB.
//!
//! # Measured precision and recall
//!
//! [`evaluate`] scores the default configuration on labelled synthetic streams (its doc comment
//! defines the streams and the scoring). 50 devices × 5,000 readings, two metrics each:
//!
//! | seed | kind  |     TP |  FP |    FN | precision | recall |
//! |-----:|-------|-------:|----:|------:|----------:|-------:|
//! |   42 | spike |  1,000 |   5 |    12 |     0.995 |  0.988 |
//! |   42 | drift |    110 |   0 |    17 |     1.000 |  0.866 |
//! |   42 | stuck | 15,440 |  56 | 3,149 |     0.996 |  0.831 |
//! |   42 | any   |  1,403 |   4 |    29 |     0.997 |  0.980 |
//! |    7 | spike |  1,027 |   9 |    13 |     0.991 |  0.988 |
//! |    7 | drift |    117 |   4 |    12 |     0.967 |  0.907 |
//! |    7 | stuck | 16,450 |  66 | 3,488 |     0.996 |  0.825 |
//! |    7 | any   |  1,446 |  12 |    25 |     0.992 |  0.983 |
//!
//! The defaults were chosen on these two seeds; on seeds 0 to 3 and 2024, which took no part,
//! precision stays at 0.99 or more for spike and stuck and 0.92 to 0.97 for drift, recall at
//! 0.98 to 0.99 for spike, 0.80 to 0.83 for stuck and 0.79 to 0.85 for drift.
//!
//! What is missed, and why:
//! - stuck: the first `stuck_after - 1` readings of a frozen stretch look like any repeat, and
//!   a coarse metric (the integer `rh`) needs a longer run before a repeat is unlikely enough.
//!   Nearly all false stuck readings are the next real reading happening to equal the frozen
//!   value.
//! - drift: the shift must stand out from how far the level usually wanders. On seeds 42 and
//!   7, every drift was found in metrics whose daily cycle is under 1 σ (78 of 78), 85 of 89
//!   for 1–2 σ and 64 of 89 for 2–3 σ. A detector that knew the cycle's period could subtract
//!   it; this one is not told the time of a reading.
//!
//! The tests `evaluation_on_seed_42` and `evaluation_on_seed_7` print these tables and hold
//! the scores to them, less a small margin:
//! `cargo test -p iotchain-gateway --release anomaly::tests::evaluation -- --nocapture`.

use codec::{Decode, Encode};
use serde::Serialize;

/// A reading far from the metric's recent mean: EWMA z-score above
/// [`DetectorConfig::spike_z`].
pub const SPIKE: u8 = 1;
/// A slow sustained shift of the metric's level: its EWMA mean far from its slow EWMA.
pub const DRIFT: u8 = 2;
/// The same value repeated [`DetectorConfig::stuck_after`] times in a metric that used to vary.
pub const STUCK: u8 = 4;

/// Metrics taken from one payload, and tracked per device; further ones are ignored.
pub const MAX_METRICS: usize = 16;
/// The longest metric name in bytes; a metric with a longer name is ignored.
pub const MAX_METRIC_NAME: usize = 32;

/// The weight of one reading in a metric's repeat rate (the share of readings equal to the one
/// before), which sets how long an innocent run of repeats can be.
const REPEAT_ALPHA: f64 = 0.01;
/// Until a metric has shown how often it repeats itself, it is taken to repeat half the time,
/// as if from this many readings: a young estimate must not call a coarse metric stuck.
const REPEAT_PRIOR: f64 = 20.0;
/// The most repeats of an innocent run learnt from when it ends; a metric that sat still for
/// longer is not pulled further toward that value.
const MAX_REPLAY: u32 = 1000;

/// How a [`Detector`] judges readings. The defaults are tuned on [`evaluate`] with seeds 42 and
/// 7 (see the module documentation for the scores).
///
/// `[anomaly]` in `gateway.toml` sets any of these fields; the rest keep their defaults.
#[derive(Clone, Debug, PartialEq, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DetectorConfig {
	/// Readings of a metric before it may be flagged [`SPIKE`] or [`STUCK`]; until then its
	/// mean and variance are plain averages.
	pub warmup: u32,
	/// The weight of a reading in the metric's EWMA mean, in `(0, 1]`.
	pub alpha: f64,
	/// The weight of a reading in the metric's EWMA variance around the mean, in `(0, 1]`;
	/// lower than `alpha`, since a noisy variance makes false spikes.
	pub variance_alpha: f64,
	/// The distance from the mean, in standard deviations, beyond which a reading is a
	/// [`SPIKE`].
	pub spike_z: f64,
	/// Spikes in a row after which the metric is taken to have jumped to a new level: the mean
	/// restarts at the last reading.
	pub spike_run: u32,
	/// Equal readings in a row, the first included, from which a metric is [`STUCK`].
	pub stuck_after: u32,
	/// The chance of an innocent run of repeats that [`STUCK`] tolerates, given the metric's
	/// own repeat rate; only matters for coarse metrics that often repeat a value.
	pub stuck_chance: f64,
	/// The weight of a reading in the slow baseline [`DRIFT`] is measured against, in `(0, 1]`.
	pub drift_alpha: f64,
	/// The weight of a reading in the usual squared distance between the mean and the slow
	/// baseline, in `(0, 1]`; slow enough to learn a daily cycle.
	pub spread_alpha: f64,
	/// The distance between the mean and the slow baseline, in usual distances, beyond which
	/// the metric is [`DRIFT`]ing.
	pub drift_z: f64,
	/// The distance below which a drift is over.
	pub drift_exit_z: f64,
	/// Readings of a metric before it may be flagged [`DRIFT`]: the slow baseline and its
	/// usual distance need longer than the mean to settle.
	pub drift_warmup: u32,
}

impl Default for DetectorConfig {
	fn default() -> Self {
		Self {
			// Enough readings for a first variance within about 20% of the truth.
			warmup: 60,
			// A mean over about the last 40 readings: it follows a daily cycle closely, and
			// its own noise (a sixth of the readings') stays small beside a drift.
			alpha: 0.05,
			// A variance over about the last 200 readings: at 0.05 its noise alone made 4 to 8
			// times the false spikes.
			variance_alpha: 0.01,
			// Gaussian noise passes 4.5 σ once in 150,000 readings; at 4 the false spikes
			// were 4 to 9 times as many, at 5 the missed spikes almost 3 times as many.
			spike_z: 4.5,
			// A jump that stays is a handful of spikes, then a drift; not hundreds of spikes.
			spike_run: 5,
			// As asked for; 6 would find 2 to 3 points more stuck readings at no cost on the
			// synthetic streams, but less natural repetition is tolerated on real ones.
			stuck_after: 10,
			// One false stuck run per 10,000 readings of the coarsest metric, far fewer for
			// finer ones (the bound on the repeat chance is loose for them).
			stuck_chance: 1e-4,
			// Drift: a slow baseline over about 100 readings, and the usual distance of the
			// mean from it over about 2,000 (more than a day at one reading a minute), so that
			// a daily cycle is usual. A cycle stays below 1.5 usual distances; 2.5 and 1.0
			// gave the best precision and recall together on seeds 42 and 7 (and held on
			// seeds 0 to 3 and 2024).
			drift_alpha: 0.01,
			spread_alpha: 0.0005,
			drift_z: 2.5,
			drift_exit_z: 1.0,
			drift_warmup: 1000,
		}
	}
}

impl DetectorConfig {
	/// Checks that every weight is in `(0, 1]`, every threshold positive and finite and
	/// `stuck_after` at least 2.
	///
	/// # Errors
	///
	/// The name of the first field out of range.
	pub fn validate(&self) -> Result<(), &'static str> {
		let weight = |w: f64| w > 0.0 && w <= 1.0;
		let positive = |v: f64| v > 0.0 && v.is_finite();
		if !weight(self.alpha) {
			return Err("alpha");
		}
		if !weight(self.variance_alpha) {
			return Err("variance_alpha");
		}
		if !positive(self.spike_z) {
			return Err("spike_z");
		}
		if self.spike_run == 0 {
			return Err("spike_run");
		}
		if self.stuck_after < 2 {
			return Err("stuck_after");
		}
		if !(self.stuck_chance > 0.0 && self.stuck_chance < 1.0) {
			return Err("stuck_chance");
		}
		if !weight(self.drift_alpha) {
			return Err("drift_alpha");
		}
		if !weight(self.spread_alpha) {
			return Err("spread_alpha");
		}
		if !positive(self.drift_z) {
			return Err("drift_z");
		}
		if !positive(self.drift_exit_z) || self.drift_exit_z > self.drift_z {
			return Err("drift_exit_z");
		}
		Ok(())
	}
}

/// The flags of one metric of a reading.
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MetricFlags {
	/// The metric's name, as in the payload.
	pub name: String,
	/// [`SPIKE`], [`DRIFT`] and [`STUCK`], or'ed.
	pub flags: u8,
}

/// What the gateway observed of a reading, anchored beside it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Annotation {
	/// OR of all metric flags; 0 = nothing unusual.
	pub flags: u8,
	/// Only the metrics that were flagged, sorted by name.
	pub metrics: Vec<MetricFlags>,
}

/// The numeric top-level fields of a JSON-object payload, sorted by name: at most
/// [`MAX_METRICS`] of them (the first by name), names of at most [`MAX_METRIC_NAME`] bytes.
/// Anything else (not JSON, not an object) gives an empty list.
pub fn metrics_of(payload: &[u8]) -> Vec<(String, f64)> {
	let Ok(serde_json::Value::Object(fields)) = serde_json::from_slice(payload) else {
		return Vec::new();
	};
	let mut metrics: Vec<(String, f64)> = fields
		.into_iter()
		.filter(|(name, _)| name.len() <= MAX_METRIC_NAME)
		.filter_map(|(name, value)| Some((name, value.as_f64()?)))
		.filter(|(_, value)| value.is_finite())
		.collect();
	// The map is ordered unless serde_json's `preserve_order` is on somewhere in the build.
	metrics.sort_by(|a, b| a.0.cmp(&b.0));
	metrics.truncate(MAX_METRICS);
	metrics
}

/// One device's detector: the state of each metric it has seen, at most [`MAX_METRICS`] of
/// them (a new name is ignored once full).
#[derive(Clone, Debug)]
pub struct Detector {
	config: DetectorConfig,
	/// Sorted by name.
	metrics: Vec<Metric>,
}

impl Detector {
	/// A detector that has seen nothing yet. A configuration that fails
	/// [`DetectorConfig::validate`] gives meaningless flags, never a panic.
	pub fn new(config: DetectorConfig) -> Self {
		Self { config, metrics: Vec::new() }
	}

	/// Judges one reading's metrics (as [`metrics_of`] gives them) and learns from them. Names
	/// longer than [`MAX_METRIC_NAME`] and values that are not finite are ignored.
	pub fn observe(&mut self, metrics: &[(String, f64)]) -> Annotation {
		let mut flagged: Vec<MetricFlags> = Vec::new();
		for (name, value) in metrics {
			if name.len() > MAX_METRIC_NAME || !value.is_finite() {
				continue;
			}
			let index = match self.metrics.binary_search_by(|m| m.name.as_str().cmp(name)) {
				Ok(index) => index,
				Err(index) if self.metrics.len() < MAX_METRICS => {
					self.metrics.insert(index, Metric::new(name.clone()));
					index
				}
				Err(_) => continue,
			};
			let Some(metric) = self.metrics.get_mut(index) else { continue };
			let flags = metric.observe(*value, &self.config);
			if flags != 0 {
				flagged.push(MetricFlags { name: name.clone(), flags });
			}
		}
		flagged.sort_by(|a, b| a.name.cmp(&b.name));
		// A name given twice in one reading is one metric in the annotation.
		flagged.dedup_by(|later, kept| {
			let same = later.name == kept.name;
			if same {
				kept.flags |= later.flags;
			}
			same
		});
		Annotation { flags: flagged.iter().fold(0, |all, m| all | m.flags), metrics: flagged }
	}
}

/// What a detector keeps of one metric.
#[derive(Clone, Debug)]
struct Metric {
	name: String,
	/// Readings seen, the one being observed included.
	seen: u32,
	/// EWMA of the readings that were not spikes.
	mean: f64,
	/// EWMA of the squared distance of those readings from the mean.
	var: f64,
	/// The slow baseline [`DRIFT`] is measured against.
	slow: f64,
	/// EWMA of `(mean - slow)²` outside drifts: how far the level usually wanders.
	spread: f64,
	/// The previous reading.
	last: f64,
	/// Equal readings in a row ending with the previous one.
	run: u32,
	/// Share of readings equal to the one before, outside stuck runs.
	repeat_rate: f64,
	/// The smallest change seen between two readings (the sensor's resolution, roughly);
	/// infinite while the metric has never changed.
	step: f64,
	/// Spikes in a row ending with the previous reading.
	spikes_in_row: u32,
	/// Readings left during which the slow baseline follows the mean's steps instead of
	/// being tested: after a stuck stretch, the mean's catching up is not a drift.
	catch_up: u32,
	stuck: bool,
	drifting: bool,
}

impl Metric {
	fn new(name: String) -> Self {
		Self {
			name,
			seen: 0,
			mean: 0.0,
			var: 0.0,
			slow: 0.0,
			spread: 0.0,
			last: 0.0,
			run: 0,
			repeat_rate: 0.5,
			step: f64::INFINITY,
			spikes_in_row: 0,
			catch_up: 0,
			stuck: false,
			drifting: false,
		}
	}

	/// The weight of this reading in an average of weight `alpha`: a plain average while
	/// `1 / seen` is larger, so that early estimates are not pulled toward the first reading.
	fn weight(&self, alpha: f64) -> f64 {
		alpha.max(1.0 / f64::from(self.seen.max(1)))
	}

	/// The equal readings in a row from which this metric is stuck.
	fn stuck_threshold(&self, config: &DetectorConfig) -> u32 {
		if !self.step.is_finite() || self.repeat_rate >= 1.0 {
			return u32::MAX;
		}
		// The repeat rate is an estimate from about `samples` readings: take it two standard
		// errors high, so that an unlucky estimate does not call a coarse metric stuck.
		let samples = (f64::from(self.seen) + REPEAT_PRIOR).min(2.0 / REPEAT_ALPHA - 1.0);
		let rate = self.repeat_rate;
		let rate = rate + 2.0 * (rate * (1.0 - rate) / samples).sqrt();
		// The rate is the chance that two readings are equal, the sum of p² over the values the
		// metric takes; the value it is stuck on may be its commonest, whose chance to repeat
		// is p_max ≤ √(Σ p²).
		let rate = rate.max(0.0).sqrt();
		if rate <= 0.0 {
			return config.stuck_after;
		}
		if rate >= 1.0 {
			return u32::MAX;
		}
		// An innocent run of n equal readings has chance rate^(n-1).
		let innocent = 1.0 + (config.stuck_chance.ln() / rate.ln()).ceil();
		// A float to integer `as` saturates (and gives 0 for NaN).
		config.stuck_after.max(innocent as u32)
	}

	fn observe(&mut self, value: f64, config: &DetectorConfig) -> u8 {
		self.seen = self.seen.saturating_add(1);
		if self.seen == 1 {
			self.mean = value;
			self.slow = value;
			self.last = value;
			self.run = 1;
			return 0;
		}
		let warm = self.seen > config.warmup;
		let mut flags = 0;
		if value == self.last {
			self.run = self.run.saturating_add(1);
			if self.stuck || (warm && self.run >= self.stuck_threshold(config)) {
				self.stuck = true;
				flags |= STUCK;
			} else {
				// A repeat may yet turn out to be a stuck sensor: judged now, learnt from only
				// once its run has ended innocent.
				flags |= self.judge(value, warm, false, config);
			}
		} else {
			self.step = self.step.min((value - self.last).abs());
			if self.stuck {
				// The frozen readings never entered the baseline: this one is judged against
				// the baseline from before the sensor froze. The mean catches up with wherever
				// the level went meanwhile, and the slow baseline moves with it.
				self.stuck = false;
				self.catch_up = (3.0 / config.alpha.clamp(0.001, 1.0)).ceil() as u32;
			} else {
				self.settle_run(config);
			}
			self.run = 1;
			flags |= self.judge(value, warm, true, config);
		}
		self.last = value;
		if self.drifting {
			flags |= DRIFT;
		}
		flags
	}

	/// Counts the repeats of the innocent run that just ended in the repeat rate, and learns
	/// from them unless they were spikes.
	fn settle_run(&mut self, config: &DetectorConfig) {
		let repeats = self.run.saturating_sub(1);
		let weight = REPEAT_ALPHA.max(1.0 / (f64::from(self.seen) + REPEAT_PRIOR));
		let keep = 1.0 - weight;
		// `repeats` ones, then the zero of the change that ended the run.
		self.repeat_rate = 1.0 - (1.0 - self.repeat_rate) * keep.powf(f64::from(repeats));
		self.repeat_rate *= keep;
		if self.spikes_in_row == 0 {
			for _ in 0..repeats.min(MAX_REPLAY) {
				self.learn(self.last, config);
			}
		}
	}

	/// Flags `value` [`SPIKE`] if it is far from the mean; otherwise learns from it if `learn`.
	fn judge(&mut self, value: f64, warm: bool, learn: bool, config: &DetectorConfig) -> u8 {
		let resolution = if self.step.is_finite() { self.step / 2.0 } else { 0.0 };
		let sd = self.var.sqrt().max(resolution);
		if warm && sd > 0.0 && (value - self.mean).abs() > config.spike_z * sd {
			self.spikes_in_row = self.spikes_in_row.saturating_add(1);
			if self.spikes_in_row >= config.spike_run {
				// Not spikes but a jump: the level is here now, which the drift test will see.
				self.spikes_in_row = 0;
				self.mean = value;
				if learn {
					self.update_drift(value, config);
				}
			}
			return SPIKE;
		}
		self.spikes_in_row = 0;
		if learn {
			self.learn(value, config);
		}
		0
	}

	/// Moves the baseline and the drift state by one reading.
	fn learn(&mut self, value: f64, config: &DetectorConfig) {
		let distance = value - self.mean;
		let step = self.weight(config.alpha) * distance;
		self.mean += step;
		let weight = self.weight(config.variance_alpha);
		self.var = (1.0 - weight) * (self.var + weight * distance * distance);
		if self.catch_up > 0 {
			self.catch_up = self.catch_up.saturating_sub(1);
			self.slow += step;
		} else {
			self.update_drift(value, config);
		}
	}

	fn update_drift(&mut self, value: f64, config: &DetectorConfig) {
		let weight = self.weight(config.drift_alpha);
		self.slow += weight * (value - self.slow);
		let gap = self.mean - self.slow;
		// The mean's own noise: the variance of an EWMA of weight alpha over white noise.
		let alpha = config.alpha.clamp(f64::MIN_POSITIVE, 1.0);
		let noise = self.var * alpha / (2.0 - alpha);
		let scale = (self.spread + noise).sqrt();
		let z = if scale > 0.0 { gap.abs() / scale } else { 0.0 };
		if self.seen > config.drift_warmup {
			if self.drifting {
				if z < config.drift_exit_z {
					// Over: the slow baseline starts again at the level the metric settled on.
					self.drifting = false;
					self.slow = self.mean;
				}
			} else if z > config.drift_z {
				self.drifting = true;
			}
		}
		if !self.drifting {
			let weight = self.weight(config.spread_alpha);
			let gap = self.mean - self.slow;
			self.spread += weight * (gap * gap - self.spread);
		}
	}
}

/// A labelled synthetic stream and the detector's score on it.
#[derive(Clone, Debug, PartialEq)]
pub struct Evaluation {
	/// `"spike"`, `"drift"`, `"stuck"` or `"any"`.
	pub kind: &'static str,
	/// Anomalies (readings or events, see [`evaluate`]) found.
	pub true_positives: u64,
	/// Flags (readings or episodes, see [`evaluate`]) where there was no anomaly.
	pub false_positives: u64,
	/// Anomalies missed.
	pub false_negatives: u64,
	/// `tp / (tp + fp)`, 1 when nothing was flagged.
	pub precision: f64,
	/// `tp / (tp + fn)`, 1 when there was nothing to find.
	pub recall: f64,
}

impl Evaluation {
	fn new(kind: &'static str, tp: u64, fp: u64, missed: u64) -> Self {
		let ratio = |part: u64, whole: u64| {
			if whole == 0 {
				1.0
			} else {
				part as f64 / whole as f64
			}
		};
		Self {
			kind,
			true_positives: tp,
			false_positives: fp,
			false_negatives: missed,
			precision: ratio(tp, tp.saturating_add(fp)),
			recall: ratio(tp, tp.saturating_add(missed)),
		}
	}
}

impl core::fmt::Display for Evaluation {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		write!(
			f,
			"| {:<5} | {:>6} | {:>6} | {:>6} | {:.3} | {:.3} |",
			self.kind,
			self.true_positives,
			self.false_positives,
			self.false_negatives,
			self.precision,
			self.recall
		)
	}
}

/// How many readings after the end of a drift ramp a [`DRIFT`] flag still counts for it.
pub const DRIFT_TOLERANCE: usize = 500;
/// The clean readings at the start of every synthetic stream: anomalies come after the
/// detector's warm-up, which a gateway goes through once per device.
pub const CLEAN_LEAD: usize = 1000;

/// Generates `devices` synthetic devices × `readings` readings each, deterministic from
/// `seed`, runs one [`Detector`] per device with [`DetectorConfig::default()`] and returns one
/// [`Evaluation`] per kind: `"spike"`, `"drift"`, `"stuck"`, then `"any"`.
///
/// # The streams
///
/// Each reading of a device carries two metrics: `t` (base 15–25, noise σ 0.05–0.3, resolution
/// 0.01) and `rh` (base 30–60, σ 0.5–2, integer), each with its own parameters, drawn
/// uniformly per device. Each metric is a daily sinusoid (period 720–2,880 readings, a reading
/// every 30 s to 2 min; amplitude 0–3 σ; random phase) plus Gaussian noise, rounded to its
/// resolution. After [`CLEAN_LEAD`] clean readings, anomalies follow one another 50–300
/// readings apart, never overlapping (a drift's window included): 70% isolated spikes (±6–10 σ
/// added to one reading), 20% stuck segments (the previous reading repeated 30–100 times; the
/// repeats are labelled), 10% drifts (a linear ramp of ±4–8 σ over 200–500 readings, after
/// which the level stays shifted).
///
/// # The scoring
///
/// Per metric stream, then summed; false positives count from the first reading on:
/// - `spike` and `stuck`, per reading: a reading labelled with the kind and flagged with its
///   flag is a true positive, a labelled reading not flagged a false negative, a reading
///   flagged but not labelled with the kind a false positive. The first repeats of a stuck
///   segment cannot be flagged (a run must reach `stuck_after` first) and count as missed.
/// - `drift`, per event: a drift is found if any reading from the start of its ramp to
///   [`DRIFT_TOLERANCE`] readings after its end is flagged [`DRIFT`], missed otherwise; each
///   run of consecutive [`DRIFT`]-flagged readings that touches no such window is one false
///   positive.
/// - `any`, per event: every spike, stuck segment and drift (with the windows above) is found if
///   any reading of its window has any flag; each run of consecutive flagged readings that
///   touches no window is one false positive.
pub fn evaluate(seed: u64, devices: usize, readings: usize) -> Vec<Evaluation> {
	evaluate_config(&DetectorConfig::default(), seed, devices, readings)
}

/// [`evaluate`] with another configuration, to judge a change to the defaults.
pub fn evaluate_config(
	config: &DetectorConfig,
	seed: u64,
	devices: usize,
	readings: usize,
) -> Vec<Evaluation> {
	let mut score = Score::default();
	let mut seeds = SplitMix64(seed);
	for _ in 0..devices {
		let mut rng = SplitMix64(seeds.next_u64());
		let streams = [
			Stream::generate(&mut rng, "rh", readings, (30.0, 60.0), (0.5, 2.0), 1.0),
			Stream::generate(&mut rng, "t", readings, (15.0, 25.0), (0.05, 0.3), 0.01),
		];
		let mut detector = Detector::new(config.clone());
		let mut flags = [Vec::with_capacity(readings), Vec::with_capacity(readings)];
		for time in 0..readings {
			let metrics: Vec<(String, f64)> = streams
				.iter()
				.filter_map(|s| Some((s.name.to_string(), *s.values.get(time)?)))
				.collect();
			let annotation = detector.observe(&metrics);
			for (stream, flags) in streams.iter().zip(flags.iter_mut()) {
				let flag = annotation
					.metrics
					.iter()
					.find(|m| m.name == stream.name)
					.map_or(0, |m| m.flags);
				flags.push(flag);
			}
		}
		for (stream, flags) in streams.iter().zip(flags.iter()) {
			score.add(stream, flags);
		}
	}
	score.evaluations()
}

/// A labelled anomaly of a synthetic stream.
struct Event {
	/// [`SPIKE`], [`DRIFT`] or [`STUCK`].
	kind: u8,
	/// The first labelled reading.
	start: usize,
	/// One past the last labelled reading.
	end: usize,
	/// One past the last reading whose flag counts for this event.
	window_end: usize,
}

/// One metric of one synthetic device.
struct Stream {
	name: &'static str,
	values: Vec<f64>,
	/// Per reading: the kind of anomaly it is part of (0, [`SPIKE`], [`DRIFT`] or [`STUCK`]).
	labels: Vec<u8>,
	events: Vec<Event>,
}

impl Stream {
	fn generate(
		rng: &mut SplitMix64,
		name: &'static str,
		readings: usize,
		base: (f64, f64),
		sigma: (f64, f64),
		resolution: f64,
	) -> Self {
		let base = rng.between(base.0, base.1);
		let sigma = rng.between(sigma.0, sigma.1);
		let amplitude = rng.between(0.0, 3.0) * sigma;
		let period = rng.between(720.0, 2880.0);
		let phase = rng.between(0.0, core::f64::consts::TAU);
		let events = Self::schedule(rng, readings);
		let mut values = Vec::with_capacity(readings);
		let mut labels = Vec::with_capacity(readings);
		let mut offset = 0.0;
		let mut previous = base;
		// The drift under way: where it started, how long it ramps, by how much.
		let mut ramp: Option<(usize, usize, f64)> = None;
		for time in 0..readings {
			let event = events.iter().find(|e| e.start <= time && time < e.end);
			let kind = event.map_or(0, |e| e.kind);
			if kind == DRIFT && ramp.is_none() {
				let length = event.map_or(1, |e| e.end.saturating_sub(e.start));
				let shift = rng.between(4.0, 8.0) * sigma * rng.sign();
				ramp = Some((time, length, shift));
			}
			let mut drift = 0.0;
			if let Some((start, length, shift)) = ramp {
				let done = time.saturating_sub(start).saturating_add(1);
				if done >= length {
					offset += shift;
					ramp = None;
				} else {
					drift = shift * done as f64 / length as f64;
				}
			}
			let cycle = amplitude * (core::f64::consts::TAU * time as f64 / period + phase).sin();
			let mut clean = base + cycle + offset + drift + sigma * rng.gauss();
			if kind == SPIKE {
				clean += rng.between(6.0, 10.0) * sigma * rng.sign();
			}
			let value =
				if kind == STUCK { previous } else { (clean / resolution).round() * resolution };
			values.push(value);
			labels.push(kind);
			previous = value;
		}
		Self { name, values, labels, events }
	}

	fn schedule(rng: &mut SplitMix64, readings: usize) -> Vec<Event> {
		let mut events = Vec::new();
		let mut time = CLEAN_LEAD;
		loop {
			let start = time.saturating_add(rng.below(50, 300));
			let draw = rng.unit();
			let (kind, length, tolerance) = if draw < 0.7 {
				(SPIKE, 1, 0)
			} else if draw < 0.9 {
				(STUCK, rng.below(30, 101), 0)
			} else {
				(DRIFT, rng.below(200, 501), DRIFT_TOLERANCE)
			};
			let end = start.saturating_add(length);
			let window_end = end.saturating_add(tolerance);
			if window_end > readings {
				return events;
			}
			events.push(Event { kind, start, end, window_end });
			time = window_end;
		}
	}
}

/// Counts summed over streams.
#[derive(Default)]
struct Score {
	/// `[tp, fp, fn]` for spike, drift, stuck and any.
	counts: [[u64; 3]; 4],
}

impl Score {
	fn add(&mut self, stream: &Stream, flags: &[u8]) {
		let [spike, drift, stuck, any] = &mut self.counts;
		for (kind, counts) in [(SPIKE, spike), (STUCK, stuck)] {
			for (&flag, &label) in flags.iter().zip(stream.labels.iter()) {
				let slot = match (flag & kind != 0, label == kind) {
					(true, true) => counts.get_mut(0),
					(true, false) => counts.get_mut(1),
					(false, true) => counts.get_mut(2),
					(false, false) => None,
				};
				if let Some(slot) = slot {
					*slot = slot.saturating_add(1);
				}
			}
		}
		for (kinds, counts) in [(DRIFT, drift), (SPIKE | DRIFT | STUCK, any)] {
			let windows: Vec<&Event> =
				stream.events.iter().filter(|e| e.kind & kinds != 0).collect();
			let [tp, fp, missed] = counts;
			for event in &windows {
				let found = flags
					.get(event.start..event.window_end)
					.is_some_and(|window| window.iter().any(|flag| flag & kinds != 0));
				let slot = if found { &mut *tp } else { &mut *missed };
				*slot = slot.saturating_add(1);
			}
			// Runs of flagged readings that touch no window.
			let mut run: Option<bool> = None;
			for (time, flag) in flags.iter().enumerate() {
				if flag & kinds != 0 {
					let inside = windows.iter().any(|e| e.start <= time && time < e.window_end);
					run = Some(run.unwrap_or(false) || inside);
				} else if let Some(touched) = run.take() {
					if !touched {
						*fp = fp.saturating_add(1);
					}
				}
			}
			if run == Some(false) {
				*fp = fp.saturating_add(1);
			}
		}
	}

	fn evaluations(&self) -> Vec<Evaluation> {
		["spike", "drift", "stuck", "any"]
			.into_iter()
			.zip(self.counts.iter())
			.map(|(kind, &[tp, fp, missed])| Evaluation::new(kind, tp, fp, missed))
			.collect()
	}
}

/// SplitMix64 (Steele, Lea and Flood, 2014): small, fast and plenty for synthetic data.
struct SplitMix64(u64);

impl SplitMix64 {
	fn next_u64(&mut self) -> u64 {
		self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
		let mut z = self.0;
		z = (z ^ z.wrapping_shr(30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
		z = (z ^ z.wrapping_shr(27)).wrapping_mul(0x94D0_49BB_1331_11EB);
		z ^ z.wrapping_shr(31)
	}

	/// Uniform in `[0, 1)`.
	fn unit(&mut self) -> f64 {
		const TWO_TO_THE_53: f64 = 9_007_199_254_740_992.0;
		self.next_u64().wrapping_shr(11) as f64 / TWO_TO_THE_53
	}

	/// Uniform in `[low, high)`.
	fn between(&mut self, low: f64, high: f64) -> f64 {
		low + (high - low) * self.unit()
	}

	/// Uniform in `low..high` (`low` if the range is empty).
	fn below(&mut self, low: usize, high: usize) -> usize {
		let width = high.saturating_sub(low) as u64;
		let pick = self.next_u64().checked_rem(width).unwrap_or(0);
		low.saturating_add(usize::try_from(pick).unwrap_or(0))
	}

	/// +1 or -1.
	fn sign(&mut self) -> f64 {
		if self.next_u64() & 1 == 0 {
			1.0
		} else {
			-1.0
		}
	}

	/// Standard normal, by Box-Muller.
	fn gauss(&mut self) -> f64 {
		let radius = (-2.0 * (1.0 - self.unit()).ln()).sqrt();
		radius * (core::f64::consts::TAU * self.unit()).cos()
	}
}

#[cfg(test)]
// Test code: a panic is a failed test.
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
	use super::*;

	fn names(metrics: &[(String, f64)]) -> Vec<&str> {
		metrics.iter().map(|(name, _)| name.as_str()).collect()
	}

	fn metric(name: &str, value: f64) -> Vec<(String, f64)> {
		vec![(name.to_string(), value)]
	}

	/// `readings` readings of mean 20 and standard deviation 1 from `seed`.
	fn noise(seed: u64, readings: usize) -> Vec<f64> {
		let mut rng = SplitMix64(seed);
		(0..readings).map(|_| 20.0 + rng.gauss()).collect()
	}

	fn flags_of(detector: &mut Detector, value: f64) -> u8 {
		detector.observe(&metric("t", value)).flags
	}

	#[test]
	fn metrics_of_keeps_numeric_top_level_fields_sorted_by_name() {
		let payload = br#"{"t":21.5,"rh":40,"id":"abc","ok":true,"gps":{"lat":1.0},"n":null,"v":[1,2],"p":-3e2}"#;
		assert_eq!(
			metrics_of(payload),
			vec![("p".to_string(), -300.0), ("rh".to_string(), 40.0), ("t".to_string(), 21.5)]
		);
	}

	#[test]
	fn metrics_of_is_empty_for_anything_but_a_json_object() {
		for payload in [
			&b"not json"[..],
			b"",
			b"[1,2,3]",
			b"[{\"t\":1}]",
			b"42",
			b"\"t\"",
			b"{\"t\":1",
			b"\xff\xfe",
		] {
			assert!(metrics_of(payload).is_empty(), "{payload:?}");
		}
	}

	#[test]
	fn metrics_of_keeps_the_first_max_metrics_names() {
		let fields: Vec<String> = (0..40).map(|i| format!("\"m{i:02}\":{i}")).collect();
		let payload = format!("{{{}}}", fields.join(","));
		let metrics = metrics_of(payload.as_bytes());
		assert_eq!(metrics.len(), MAX_METRICS);
		assert_eq!(metrics[0], ("m00".to_string(), 0.0));
		assert_eq!(metrics[MAX_METRICS - 1], ("m15".to_string(), 15.0));
	}

	#[test]
	fn metrics_of_ignores_names_longer_than_max_metric_name() {
		let longest = "a".repeat(MAX_METRIC_NAME);
		let too_long = "b".repeat(MAX_METRIC_NAME + 1);
		let payload = format!("{{\"{longest}\":1,\"{too_long}\":2,\"c\":3}}");
		assert_eq!(names(&metrics_of(payload.as_bytes())), vec![longest.as_str(), "c"]);
	}

	#[test]
	fn clean_noisy_stream_is_not_flagged() {
		let mut detector = Detector::new(DetectorConfig::default());
		let flagged = noise(1, 20_000).into_iter().filter(|&v| flags_of(&mut detector, v) != 0);
		// A 4.5 σ reading is a 1-in-150,000 event; allow a couple.
		assert!(flagged.count() <= 2);
	}

	#[test]
	fn single_spike_is_flagged_and_leaves_the_baseline_alone() {
		let mut detector = Detector::new(DetectorConfig::default());
		for value in noise(2, 500) {
			flags_of(&mut detector, value);
		}
		let before = detector.metrics[0].clone();
		let annotation = detector.observe(&metric("t", 40.0));
		assert_eq!(
			annotation,
			Annotation {
				flags: SPIKE,
				metrics: vec![MetricFlags { name: "t".into(), flags: SPIKE }]
			}
		);
		assert_eq!(detector.metrics[0].mean, before.mean);
		assert_eq!(detector.metrics[0].var, before.var);
		assert_eq!(detector.metrics[0].slow, before.slow);
		assert_eq!(flags_of(&mut detector, 20.5), 0);
	}

	#[test]
	fn jump_that_stays_is_a_few_spikes_then_drift() {
		let mut detector = Detector::new(DetectorConfig::default());
		for value in noise(3, 2000) {
			assert_eq!(flags_of(&mut detector, value), 0);
		}
		let after: Vec<u8> =
			noise(4, 300).into_iter().map(|v| flags_of(&mut detector, v + 30.0)).collect();
		let spikes = after.iter().filter(|&&f| f & SPIKE != 0).count();
		assert_eq!(spikes, DetectorConfig::default().spike_run as usize);
		assert!(after[10..100].iter().all(|&f| f == DRIFT));
	}

	#[test]
	fn frozen_value_is_stuck_after_stuck_after_readings_until_it_changes() {
		let config = DetectorConfig::default();
		let mut detector = Detector::new(config.clone());
		for value in noise(5, 500) {
			flags_of(&mut detector, value);
		}
		let frozen = 20.25;
		let flags: Vec<u8> = (0..40).map(|_| flags_of(&mut detector, frozen)).collect();
		let first = config.stuck_after as usize - 1;
		assert!(flags[..first].iter().all(|&f| f == 0), "{flags:?}");
		assert!(flags[first..].iter().all(|&f| f == STUCK), "{flags:?}");
		assert_eq!(flags_of(&mut detector, 20.5), 0);
		assert_eq!(flags_of(&mut detector, 19.5), 0);
	}

	#[test]
	fn constant_metric_is_never_stuck() {
		let mut detector = Detector::new(DetectorConfig::default());
		assert!((0..1000).all(|_| flags_of(&mut detector, 1.0) == 0));
	}

	#[test]
	fn coarse_metric_repeating_itself_is_not_stuck() {
		// An integer humidity whose noise is about one step: about half the readings repeat.
		let mut detector = Detector::new(DetectorConfig::default());
		let flagged = noise(6, 20_000)
			.into_iter()
			.map(|v| (v * 0.5).round())
			.filter(|&v| flags_of(&mut detector, v) & STUCK != 0);
		assert_eq!(flagged.count(), 0);
	}

	#[test]
	fn level_shift_is_flagged_drift() {
		let mut detector = Detector::new(DetectorConfig::default());
		for value in noise(7, 2000) {
			assert_eq!(flags_of(&mut detector, value), 0);
		}
		// A ramp of 6 σ over 300 readings, then the new level.
		let flags: Vec<u8> = noise(8, 1500)
			.into_iter()
			.enumerate()
			.map(|(i, v)| flags_of(&mut detector, v + 6.0 * (i.min(300) as f64) / 300.0))
			.collect();
		let first = flags.iter().position(|&f| f & DRIFT != 0).unwrap();
		assert!(first < 300, "drift first flagged at {first}");
		assert!(flags.iter().all(|&f| f & !DRIFT == 0));
		// The slow baseline restarts at the new level: the flag ends.
		assert!(flags[1000..].iter().all(|&f| f == 0));
	}

	#[test]
	fn metric_state_is_small() {
		// 100,000 devices of a few metrics each must fit in memory.
		assert!(core::mem::size_of::<Metric>() <= 112, "{}", core::mem::size_of::<Metric>());
	}

	#[test]
	fn detector_tracks_at_most_max_metrics() {
		let mut detector = Detector::new(DetectorConfig::default());
		let metrics: Vec<(String, f64)> = (0..40).map(|i| (format!("m{i:02}"), 1.0)).collect();
		detector.observe(&metrics);
		assert_eq!(detector.metrics.len(), MAX_METRICS);
	}

	#[test]
	fn annotation_encoding_is_deterministic_and_round_trips() {
		let annotation = Annotation {
			flags: SPIKE | STUCK,
			metrics: vec![
				MetricFlags { name: "rh".into(), flags: STUCK },
				MetricFlags { name: "t".into(), flags: SPIKE },
			],
		};
		let bytes = annotation.encode();
		assert_eq!(bytes, vec![5, 8, 8, b'r', b'h', 4, 4, b't', 1]);
		assert_eq!(annotation.clone().encode(), bytes);
		assert_eq!(Annotation::decode(&mut &bytes[..]).unwrap(), annotation);
		assert_eq!(Annotation::default().encode(), vec![0, 0]);
		assert_eq!(
			serde_json::to_string(&annotation).unwrap(),
			r#"{"flags":5,"metrics":[{"name":"rh","flags":4},{"name":"t","flags":1}]}"#
		);
	}

	#[test]
	fn observe_sorts_and_merges_flagged_metrics() {
		let mut detector = Detector::new(DetectorConfig::default());
		let reading = |t: f64, a: f64| vec![("t".to_string(), t), ("a".to_string(), a)];
		for (t, a) in noise(9, 500).into_iter().zip(noise(10, 500)) {
			detector.observe(&reading(t, a));
		}
		let annotation = detector.observe(&reading(60.0, -20.0));
		assert_eq!(annotation.flags, SPIKE);
		assert_eq!(
			annotation.metrics.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(),
			vec!["a", "t"]
		);
	}

	#[test]
	fn default_config_is_valid() {
		assert_eq!(DetectorConfig::default().validate(), Ok(()));
		let config = DetectorConfig { drift_exit_z: 4.0, ..DetectorConfig::default() };
		assert_eq!(config.validate(), Err("drift_exit_z"));
	}

	fn table(seed: u64) -> Vec<Evaluation> {
		let evaluations = evaluate(seed, 50, 5000);
		println!("seed {seed}, 50 devices × 5,000 readings");
		println!("| kind  |     TP |     FP |     FN | prec. | recall |");
		for evaluation in &evaluations {
			println!("{evaluation}");
		}
		evaluations
	}

	fn assert_at_least(evaluations: &[Evaluation], kind: &str, precision: f64, recall: f64) {
		let e = evaluations.iter().find(|e| e.kind == kind).unwrap();
		assert!(e.precision >= precision, "{kind} precision {}", e.precision);
		assert!(e.recall >= recall, "{kind} recall {}", e.recall);
	}

	// The bounds are the measured scores (in the module documentation) less a little.

	#[test]
	fn evaluation_on_seed_42() {
		let evaluations = table(42);
		assert_eq!(
			evaluations.iter().map(|e| e.kind).collect::<Vec<_>>(),
			vec!["spike", "drift", "stuck", "any"]
		);
		assert_at_least(&evaluations, "spike", 0.98, 0.97);
		assert_at_least(&evaluations, "drift", 0.95, 0.83);
		assert_at_least(&evaluations, "stuck", 0.98, 0.81);
		assert_at_least(&evaluations, "any", 0.98, 0.96);
	}

	#[test]
	fn evaluation_on_seed_7() {
		let evaluations = table(7);
		assert_at_least(&evaluations, "spike", 0.98, 0.97);
		assert_at_least(&evaluations, "drift", 0.93, 0.87);
		assert_at_least(&evaluations, "stuck", 0.98, 0.81);
		assert_at_least(&evaluations, "any", 0.98, 0.96);
	}

	#[test]
	fn evaluation_is_deterministic() {
		assert_eq!(evaluate(3, 2, 3000), evaluate(3, 2, 3000));
	}
}
