//! Crisis detection: notices when complaints on one topic rise far above
//! their usual rate, so the merchant can post one public incident notice
//! instead of answering fifty identical complaints one by one.
//!
//! Complaints are counted in 15-minute buckets over the last 14 days. The
//! statistic watched is the count of the current bucket plus the previous one
//! (a 30-minute window, so a burst that straddles a bucket edge is not split
//! in two). Its usual level is an exponentially weighted moving average with
//! an exponentially weighted variance over all earlier windows; an alert is
//! raised when the current window exceeds `mean + sigma * sd` **and** reaches
//! an absolute floor (three complaints are never a crisis, however quiet the
//! shop usually is).
//!
//! Pure: no clock, no I/O. Times are Unix milliseconds.

/// Width of one bucket, in minutes.
pub const BUCKET_MINUTES: i64 = 15;
/// Width of one bucket, in milliseconds.
pub const BUCKET_MS: i64 = BUCKET_MINUTES * 60 * 1000;
/// How far back the baseline looks, in days.
pub const HISTORY_DAYS: i64 = 14;
/// Buckets in the history, the current one included.
pub const HISTORY_BUCKETS: usize = (HISTORY_DAYS * 24 * 60 / BUCKET_MINUTES) as usize;
/// Default threshold in standard deviations above the baseline.
pub const DEFAULT_SIGMA: f64 = 4.0;
/// Default absolute floor: fewer complaints in the window never alert.
pub const DEFAULT_FLOOR: u32 = 5;
/// Default EWMA smoothing factor (weight of the newest window).
pub const DEFAULT_ALPHA: f64 = 0.1;
/// Accepted range of `sigma`.
pub const SIGMA_RANGE: std::ops::RangeInclusive<f64> = 0.5..=20.0;
/// Accepted range of `floor`.
pub const FLOOR_RANGE: std::ops::RangeInclusive<u32> = 1..=10_000;

/// Why crisis settings were refused.
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
pub enum SettingsError {
    /// `sigma` outside [`SIGMA_RANGE`] (or not a number).
    #[error("crisis sigma must be between 0.5 and 20, got {0}")]
    Sigma(f64),
    /// `floor` outside [`FLOOR_RANGE`].
    #[error("crisis floor must be between 1 and 10000, got {0}")]
    Floor(i64),
}

impl SettingsError {
    /// A stable error code for APIs and the command line.
    pub fn code(&self) -> &'static str {
        match self {
            SettingsError::Sigma(_) => "invalid_crisis_sigma",
            SettingsError::Floor(_) => "invalid_crisis_floor",
        }
    }
}

/// A site's alert rule.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    /// Standard deviations above the baseline.
    pub sigma: f64,
    /// Minimum complaints in the window.
    pub floor: u32,
    /// EWMA smoothing factor.
    pub alpha: f64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            sigma: DEFAULT_SIGMA,
            floor: DEFAULT_FLOOR,
            alpha: DEFAULT_ALPHA,
        }
    }
}

impl Settings {
    /// Validated settings with the default smoothing factor.
    pub fn new(sigma: f64, floor: i64) -> Result<Settings, SettingsError> {
        if !sigma.is_finite() || !SIGMA_RANGE.contains(&sigma) {
            return Err(SettingsError::Sigma(sigma));
        }
        let floor = u32::try_from(floor)
            .ok()
            .filter(|f| FLOOR_RANGE.contains(f))
            .ok_or(SettingsError::Floor(floor))?;
        Ok(Settings {
            sigma,
            floor,
            alpha: DEFAULT_ALPHA,
        })
    }
}

/// Start of the bucket holding `at` (buckets are aligned to the Unix epoch,
/// so every server agrees on them).
pub fn bucket_start(at: i64) -> i64 {
    at.div_euclid(BUCKET_MS) * BUCKET_MS
}

/// Counts `times` into the `buckets` buckets that end with the one holding
/// `now` (index `buckets - 1`). Times outside that range are ignored.
pub fn bucket_counts(times: &[i64], now: i64, buckets: usize) -> Vec<u32> {
    let mut counts = vec![0u32; buckets];
    if buckets == 0 {
        return counts;
    }
    let current = bucket_start(now).div_euclid(BUCKET_MS);
    for &t in times {
        let back = current - t.div_euclid(BUCKET_MS);
        if (0..buckets as i64).contains(&back) {
            let index = buckets - 1 - back as usize;
            counts[index] = counts[index].saturating_add(1);
        }
    }
    counts
}

/// An exponentially weighted moving mean and variance.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ewma {
    /// The weighted mean.
    pub mean: f64,
    /// The weighted variance.
    pub variance: f64,
}

impl Ewma {
    /// Starts at a first observation, with no variance yet.
    pub fn new(first: f64) -> Ewma {
        Ewma {
            mean: first,
            variance: 0.0,
        }
    }

    /// Adds one observation with weight `alpha` (incremental form, so the
    /// variance never goes negative).
    pub fn update(&mut self, x: f64, alpha: f64) {
        let diff = x - self.mean;
        let increment = alpha * diff;
        self.mean += increment;
        self.variance = (1.0 - alpha) * (self.variance + diff * increment);
    }

    /// The weighted standard deviation.
    pub fn sd(&self) -> f64 {
        self.variance.max(0.0).sqrt()
    }
}

/// The verdict for one topic's series.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Evaluation {
    /// Complaints in the current and previous bucket.
    pub count: u32,
    /// The usual count of such a window (EWMA mean).
    pub baseline: f64,
    /// Its EWMA standard deviation.
    pub sd: f64,
    /// `baseline + sigma * sd`: the count must exceed this.
    pub threshold: f64,
    /// Whether the rule fires.
    pub alert: bool,
}

/// Evaluates a series of bucket counts whose last element is the current
/// bucket. The watched window is the last two buckets; the baseline runs
/// over every earlier two-bucket window, so the burst itself does not raise
/// its own baseline. With fewer than three buckets there is no history: the
/// baseline is zero and only the floor decides.
pub fn evaluate(counts: &[u32], settings: &Settings) -> Evaluation {
    let n = counts.len();
    let current = counts.last().copied().unwrap_or(0);
    let previous = if n >= 2 { counts[n - 2] } else { 0 };
    let count = current.saturating_add(previous);
    // Windows (i-1, i) for i in 1..n-2: both buckets lie before the watched window.
    let mut ewma: Option<Ewma> = None;
    for i in 1..n.saturating_sub(2) {
        let x = f64::from(counts[i - 1]) + f64::from(counts[i]);
        match ewma.as_mut() {
            Some(e) => e.update(x, settings.alpha),
            None => ewma = Some(Ewma::new(x)),
        }
    }
    let ewma = ewma.unwrap_or(Ewma::new(0.0));
    let threshold = ewma.mean + settings.sigma * ewma.sd();
    Evaluation {
        count,
        baseline: ewma.mean,
        sd: ewma.sd(),
        threshold,
        alert: f64::from(count) > threshold && count >= settings.floor,
    }
}

/// Evaluates one topic's complaint times at `now` over the standard history.
pub fn evaluate_times(times: &[i64], now: i64, settings: &Settings) -> Evaluation {
    evaluate(&bucket_counts(times, now, HISTORY_BUCKETS), settings)
}

/// Start of the watched window (the previous bucket's start) at `now`.
pub fn window_start(now: i64) -> i64 {
    bucket_start(now) - BUCKET_MS
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const NOW: i64 = 1_790_000_000_000;

    #[test]
    fn counts_land_in_their_buckets() {
        let start = bucket_start(NOW);
        let times = [NOW, start, start - 1, start - BUCKET_MS, NOW + BUCKET_MS, 0];
        let counts = bucket_counts(&times, NOW, 3);
        // current: NOW and start; previous: start-1 and start-BUCKET_MS; the
        // future and ancient ones are dropped.
        assert_eq!(counts, vec![0, 2, 2]);
    }

    #[test]
    fn ewma_matches_hand_computation() {
        let mut e = Ewma::new(2.0);
        e.update(4.0, 0.5);
        // diff 2, increment 1 → mean 3; variance 0.5 * (0 + 2 * 1) = 1.
        assert!((e.mean - 3.0).abs() < 1e-12);
        assert!((e.variance - 1.0).abs() < 1e-12);
        assert!((e.sd() - 1.0).abs() < 1e-12);
    }

    #[test]
    fn quiet_shop_alerts_on_a_burst_above_the_floor() {
        let mut counts = vec![0u32; HISTORY_BUCKETS];
        counts[100] = 1;
        counts[700] = 1;
        *counts.last_mut().unwrap() = 4;
        counts[HISTORY_BUCKETS - 2] = 2;
        let e = evaluate(&counts, &Settings::default());
        assert_eq!(e.count, 6);
        assert!(e.alert, "{e:?}");
        assert!(e.threshold < 6.0);
    }

    #[test]
    fn floor_holds_back_a_small_burst() {
        let mut counts = vec![0u32; HISTORY_BUCKETS];
        *counts.last_mut().unwrap() = 4;
        let e = evaluate(&counts, &Settings::default());
        assert_eq!(e.count, 4);
        assert!(!e.alert);
        let low_floor = Settings::new(4.0, 3).unwrap();
        assert!(evaluate(&counts, &low_floor).alert);
    }

    #[test]
    fn no_history_means_only_the_floor_decides() {
        assert!(evaluate(&[5], &Settings::default()).alert);
        assert!(!evaluate(&[], &Settings::default()).alert);
        assert!(!evaluate(&[2, 2], &Settings::default()).alert);
    }

    #[test]
    fn settings_are_validated() {
        assert!(Settings::new(4.0, 5).is_ok());
        assert_eq!(Settings::new(0.1, 5), Err(SettingsError::Sigma(0.1)));
        assert!(Settings::new(f64::NAN, 5).is_err());
        assert_eq!(Settings::new(4.0, 0), Err(SettingsError::Floor(0)));
        assert_eq!(
            Settings::new(4.0, -3).unwrap_err().code(),
            "invalid_crisis_floor"
        );
        assert_eq!(
            Settings::new(99.0, 5).unwrap_err().code(),
            "invalid_crisis_sigma"
        );
    }

    proptest! {
        #[test]
        fn a_steady_rate_never_alerts(rate in 0u32..50, sigma in 0.5f64..20.0, floor in 1i64..100) {
            let counts = vec![rate; HISTORY_BUCKETS];
            let e = evaluate(&counts, &Settings::new(sigma, floor).unwrap());
            prop_assert!(!e.alert, "{e:?}");
        }

        #[test]
        fn a_jump_far_above_a_noisy_baseline_alerts(
            noise in proptest::collection::vec(0u32..3, HISTORY_BUCKETS - 2),
            jump in 0u32..40,
        ) {
            // History of 0..=2 per bucket: the window's mean ≤ 4, its EWMA sd ≤ 2,
            // so 4 + 4·2 = 12 < 13 ≤ any jump here, and ≥ the floor 5.
            let mut counts = noise;
            counts.push(7 + jump);
            counts.push(6);
            let e = evaluate(&counts, &Settings::default());
            prop_assert!(e.alert, "{e:?}");
        }

        #[test]
        fn below_the_floor_never_alerts(
            history in proptest::collection::vec(0u32..2, 0..HISTORY_BUCKETS),
            current in 0u32..5,
            floor in 10i64..50,
        ) {
            let mut counts = history;
            counts.push(0);
            counts.push(current);
            let e = evaluate(&counts, &Settings::new(0.5, floor).unwrap());
            prop_assert!(!e.alert, "{e:?}");
        }
    }
}
