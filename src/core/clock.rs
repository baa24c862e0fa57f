//! The answer-deadline clock: a site's working hours and the arithmetic on them.
//!
//! The source articles say an answer must come within 10 minutes, and that a
//! support team that does not work around the clock must *show its working
//! hours*. Candor therefore counts the answer promise in **open minutes** only:
//! a complaint filed at 18:55 in a shop that closes at 19:00 with a 10-minute
//! promise is due 5 minutes after the next opening, not at 19:05.
//!
//! [`Schedule`] holds a site's IANA time zone, weekly hours (several spans per
//! day, spans that run past midnight), holidays, special hours on given dates
//! and an "always open" mode. Everything here is pure: no I/O and no reading of
//! the system clock — callers pass `now` in — so the same code runs in the
//! server and in the wasm32 widget, which counts down to a complaint's deadline.
//!
//! # How hours are interpreted
//!
//! * A span belongs to the site-local date it **starts** on. `22:00–02:00` on
//!   Friday is open from Friday 22:00 until Saturday 02:00.
//! * A holiday (or a special-hours date) replaces the spans that start on that
//!   date; an overnight span that started the day before still runs into it —
//!   the shift was already under way. A date that is both a holiday and has
//!   special hours is a holiday.
//! * Open periods are half-open: a shop open 09:00–19:00 is open at 09:00 and
//!   closed at 19:00.
//! * Daylight-saving time: a local time that does not exist (the hour skipped
//!   in spring) means the first instant after the skip, i.e. the moment the
//!   clocks jump. A local time that occurs twice (autumn) opens at its first
//!   occurrence and closes at its second, so an overnight shift on the night
//!   the clocks go back is one hour longer in real time, as it is for staff.
//! * Overlapping spans are allowed and simply merge.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fmt;
use std::str::FromStr;

use chrono::{
    DateTime, Datelike, MappedLocalTime, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeDelta,
    TimeZone, Timelike, Utc, Weekday,
};
use chrono_tz::Tz;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The answer promise used when a site has not set one: the source articles'
/// "an answer must come within 10 minutes".
pub const DEFAULT_PROMISE_MINUTES: u32 = 10;

/// How far ahead (in days) the clock looks for open time before declaring that
/// the schedule never opens. Long enough to cross a year of holidays.
pub const SEARCH_HORIZON_DAYS: i64 = 366;

/// The longest stretch (in days) any single computation walks through. It
/// bounds [`Schedule::open_minutes_between`] and [`Schedule::deadline`] so that
/// absurd inputs (a promise of millions of minutes, timestamps decades apart)
/// cost milliseconds instead of stalling a request.
pub const MAX_SCAN_DAYS: i64 = 3660;

/// The most spans a single day (or special date) may have. Real shops have one
/// to three; the limit keeps stored JSON from making every lookup expensive.
pub const MAX_SPANS_PER_DAY: usize = 16;

/// The most holiday plus special-hours dates a schedule may hold.
pub const MAX_DATES: usize = 1000;

/// Minutes left at which a queue item turns amber ([`DeadlineState::Warning`]).
pub const WARNING_MINUTES: i64 = 10;

/// Minutes past the deadline after which a queue item is escalated
/// ([`DeadlineState::Escalated`]): the articles' "a wait over one hour raises
/// the chance of a negative review by 40–50%".
pub const ESCALATION_MINUTES: i64 = 60;

/// The minimum number of answered complaints before a "typical answer time"
/// is shown; below it [`percentile`] says `None` rather than a noisy number.
pub const MIN_TYPICAL_SAMPLES: usize = 5;

/// How far (in minutes) a non-existent local time is pushed forward looking
/// for the end of a time-zone gap. Real gaps are one hour; the longest ever
/// (Samoa skipping 30 December 2011) is a whole day.
const MAX_GAP_PROBE_MINUTES: i64 = 49 * 60;

const MINUTES_PER_DAY: u16 = 24 * 60;

const WEEKDAY_KEYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// Why a schedule (or one of its parts) was rejected.
///
/// The server turns these into `400` answers; [`ScheduleError::code`] is the
/// stable machine-readable part, the `Display` text names the offending field
/// (`weekly.mon[1]`, `holidays[0]`, ...) for the merchant.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleError {
    /// The time zone is not an IANA name known to the bundled tz database.
    #[error("unknown time zone {0:?}: use an IANA name such as \"Asia/Almaty\"")]
    InvalidTimezone(String),
    /// A time is not `HH:MM` between 00:00 and 24:00, or 24:00 was used as an
    /// opening time.
    #[error(
        "{field}: invalid time {value:?}: use HH:MM from 00:00 to 23:59 (24:00 only as a closing time)"
    )]
    InvalidTime {
        /// Where the time was found.
        field: String,
        /// The text as given.
        value: String,
    },
    /// A span whose closing time equals its opening time. (A closing time
    /// *before* the opening time is valid: the span runs past midnight.)
    #[error("{field}: the span {start}-{end} is empty: the closing time equals the opening time")]
    EmptySpan {
        /// Where the span was found.
        field: String,
        /// Opening time as `HH:MM`.
        start: String,
        /// Closing time as `HH:MM`.
        end: String,
    },
    /// A date is not a real `YYYY-MM-DD` date.
    #[error("{field}: invalid date {value:?}: use YYYY-MM-DD")]
    InvalidDate {
        /// Where the date was found.
        field: String,
        /// The text as given.
        value: String,
    },
    /// A day has more than [`MAX_SPANS_PER_DAY`] spans.
    #[error("{field}: too many spans ({count}; at most {MAX_SPANS_PER_DAY})")]
    TooManySpans {
        /// The day or date with too many spans.
        field: String,
        /// How many were given.
        count: usize,
    },
    /// More than [`MAX_DATES`] holiday and special-hours dates.
    #[error("too many holiday and special-hours dates ({count}; at most {MAX_DATES})")]
    TooManyDates {
        /// How many were given.
        count: usize,
    },
}

impl ScheduleError {
    /// A stable identifier for API clients and translations:
    /// `invalid_timezone`, `invalid_time`, `empty_span`, `invalid_date`,
    /// `too_many_spans` or `too_many_dates`.
    pub fn code(&self) -> &'static str {
        match self {
            ScheduleError::InvalidTimezone(_) => "invalid_timezone",
            ScheduleError::InvalidTime { .. } => "invalid_time",
            ScheduleError::EmptySpan { .. } => "empty_span",
            ScheduleError::InvalidDate { .. } => "invalid_date",
            ScheduleError::TooManySpans { .. } => "too_many_spans",
            ScheduleError::TooManyDates { .. } => "too_many_dates",
        }
    }

    /// Replaces the field name, so errors from [`TimeOfDay::parse`] and
    /// [`Span::new`] say where in the schedule they came from.
    fn at(self, location: &str) -> Self {
        let location = location.to_owned();
        match self {
            ScheduleError::InvalidTime { value, .. } => ScheduleError::InvalidTime {
                field: location,
                value,
            },
            ScheduleError::EmptySpan { start, end, .. } => ScheduleError::EmptySpan {
                field: location,
                start,
                end,
            },
            ScheduleError::InvalidDate { value, .. } => ScheduleError::InvalidDate {
                field: location,
                value,
            },
            ScheduleError::TooManySpans { count, .. } => ScheduleError::TooManySpans {
                field: location,
                count,
            },
            other => other,
        }
    }
}

/// A wall-clock time of day with minute precision, `00:00` to `24:00`.
///
/// `24:00` exists so that a span can close "at the end of the day" without
/// being read as an overnight span; it is accepted only as a closing time.
/// Serialised as the string `"HH:MM"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimeOfDay(u16);

impl TimeOfDay {
    /// `00:00`.
    pub const MIDNIGHT: TimeOfDay = TimeOfDay(0);
    /// `24:00`, the end of the day (valid only as a closing time).
    pub const END_OF_DAY: TimeOfDay = TimeOfDay(MINUTES_PER_DAY);

    /// Builds a time from hour and minute; `24:00` is allowed, `24:01` is not.
    pub fn new(hour: u32, minute: u32) -> Result<Self, ScheduleError> {
        if minute < 60 && (hour < 24 || (hour == 24 && minute == 0)) {
            // hour <= 24 and minute < 60, so this fits in u16.
            Ok(TimeOfDay((hour * 60 + minute) as u16))
        } else {
            Err(ScheduleError::InvalidTime {
                field: "time".into(),
                value: format!("{hour:02}:{minute:02}"),
            })
        }
    }

    /// Parses strict `HH:MM` (two digits each, as `<input type="time">`
    /// produces), from `00:00` to `24:00`.
    pub fn parse(text: &str) -> Result<Self, ScheduleError> {
        let invalid = || ScheduleError::InvalidTime {
            field: "time".into(),
            value: text.to_owned(),
        };
        let bytes = text.as_bytes();
        if bytes.len() != 5 || bytes[2] != b':' {
            return Err(invalid());
        }
        let digit = |i: usize| -> Result<u32, ScheduleError> {
            let b = bytes[i];
            if b.is_ascii_digit() {
                Ok(u32::from(b - b'0'))
            } else {
                Err(invalid())
            }
        };
        let hour = digit(0)? * 10 + digit(1)?;
        let minute = digit(3)? * 10 + digit(4)?;
        TimeOfDay::new(hour, minute).map_err(|_| invalid())
    }

    /// The hour, 0–24.
    pub fn hour(self) -> u32 {
        u32::from(self.0) / 60
    }

    /// The minute, 0–59.
    pub fn minute(self) -> u32 {
        u32::from(self.0) % 60
    }

    /// Minutes since midnight, 0–1440.
    pub fn minutes_from_midnight(self) -> u32 {
        u32::from(self.0)
    }

    /// Whether this is `24:00`.
    pub fn is_end_of_day(self) -> bool {
        self.0 == MINUTES_PER_DAY
    }

    /// The time from a naive wall-clock time, dropping seconds.
    fn from_naive(time: NaiveTime) -> Self {
        // hour < 24 and minute < 60, so this fits in u16.
        TimeOfDay((time.hour() * 60 + time.minute()) as u16)
    }
}

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hour(), self.minute())
    }
}

impl FromStr for TimeOfDay {
    type Err = ScheduleError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        TimeOfDay::parse(s)
    }
}

impl Serialize for TimeOfDay {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for TimeOfDay {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        TimeOfDay::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// One opening span within a day, e.g. `09:00–13:00`.
///
/// A closing time earlier than the opening time means the span runs past
/// midnight into the next day (`22:00–02:00`). Serialised as a two-element
/// array `["09:00", "13:00"]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "(TimeOfDay, TimeOfDay)", into = "(TimeOfDay, TimeOfDay)")]
pub struct Span {
    start: TimeOfDay,
    end: TimeOfDay,
}

impl Span {
    /// Builds a span; rejects `24:00` as an opening time and a closing time
    /// equal to the opening time.
    pub fn new(start: TimeOfDay, end: TimeOfDay) -> Result<Self, ScheduleError> {
        if start.is_end_of_day() {
            return Err(ScheduleError::InvalidTime {
                field: "span".into(),
                value: start.to_string(),
            });
        }
        if start == end {
            return Err(ScheduleError::EmptySpan {
                field: "span".into(),
                start: start.to_string(),
                end: end.to_string(),
            });
        }
        Ok(Span { start, end })
    }

    /// Parses a span from two `HH:MM` strings.
    pub fn parse(start: &str, end: &str) -> Result<Self, ScheduleError> {
        Span::new(TimeOfDay::parse(start)?, TimeOfDay::parse(end)?)
    }

    /// The opening time.
    pub fn start(self) -> TimeOfDay {
        self.start
    }

    /// The closing time (on the next day if [`Span::is_overnight`]).
    pub fn end(self) -> TimeOfDay {
        self.end
    }

    /// Whether the span runs past midnight into the next day.
    pub fn is_overnight(self) -> bool {
        self.end < self.start
    }

    /// Nominal length in minutes, ignoring daylight-saving shifts.
    pub fn duration_minutes(self) -> u32 {
        let end = if self.is_overnight() {
            self.end.minutes_from_midnight() + u32::from(MINUTES_PER_DAY)
        } else {
            self.end.minutes_from_midnight()
        };
        end - self.start.minutes_from_midnight()
    }
}

impl TryFrom<(TimeOfDay, TimeOfDay)> for Span {
    type Error = ScheduleError;

    fn try_from((start, end): (TimeOfDay, TimeOfDay)) -> Result<Self, Self::Error> {
        Span::new(start, end)
    }
}

impl From<Span> for (TimeOfDay, TimeOfDay) {
    fn from(span: Span) -> Self {
        (span.start, span.end)
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.start, self.end)
    }
}

/// The whole day, used for "always open" sites.
const FULL_DAY: [Span; 1] = [Span {
    start: TimeOfDay::MIDNIGHT,
    end: TimeOfDay::END_OF_DAY,
}];

/// The stored/transmitted form of a [`Schedule`], before validation.
///
/// This is the JSON shape the server stores and the API returns as `hours`:
///
/// ```json
/// {"timezone": "Asia/Almaty", "always_open": false,
///  "weekly": {"mon": [["09:00","13:00"],["14:00","19:00"]], "sun": []},
///  "holidays": ["2026-12-31"], "special": {"2026-12-30": [["10:00","15:00"]]}}
/// ```
///
/// Deserialising a `Schedule` directly validates too, but a serde error loses
/// the typed [`ScheduleError`]; the server can deserialise this type first and
/// then call `Schedule::try_from(spec)` to answer with a stable error code.
/// Missing days, holidays and special dates default to empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleSpec {
    /// IANA time zone name, e.g. `"Asia/Tehran"`.
    pub timezone: String,
    /// Open around the clock; `weekly`, `holidays` and `special` are then
    /// kept but ignored.
    #[serde(default)]
    pub always_open: bool,
    /// Opening spans per weekday.
    #[serde(default)]
    pub weekly: WeeklySpec,
    /// Dates (`YYYY-MM-DD`, site-local) on which the site is closed.
    #[serde(default)]
    pub holidays: Vec<String>,
    /// Dates with their own hours, replacing the weekday's; an empty list
    /// closes the day like a holiday.
    #[serde(default)]
    pub special: BTreeMap<String, Vec<(String, String)>>,
}

/// Opening spans per weekday as `["HH:MM", "HH:MM"]` pairs, keyed `mon`..`sun`.
/// Unknown keys (such as `"monday"`) are rejected rather than ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WeeklySpec {
    /// Monday.
    pub mon: Vec<(String, String)>,
    /// Tuesday.
    pub tue: Vec<(String, String)>,
    /// Wednesday.
    pub wed: Vec<(String, String)>,
    /// Thursday.
    pub thu: Vec<(String, String)>,
    /// Friday (the weekend in Iran: leave it empty there).
    pub fri: Vec<(String, String)>,
    /// Saturday.
    pub sat: Vec<(String, String)>,
    /// Sunday.
    pub sun: Vec<(String, String)>,
}

impl WeeklySpec {
    fn days(&self) -> [&Vec<(String, String)>; 7] {
        [
            &self.mon, &self.tue, &self.wed, &self.thu, &self.fri, &self.sat, &self.sun,
        ]
    }

    fn days_mut(&mut self) -> [&mut Vec<(String, String)>; 7] {
        [
            &mut self.mon,
            &mut self.tue,
            &mut self.wed,
            &mut self.thu,
            &mut self.fri,
            &mut self.sat,
            &mut self.sun,
        ]
    }
}

/// An open period as real instants, `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Period {
    /// The first open instant.
    pub start: DateTime<Utc>,
    /// The first closed instant after `start`.
    pub end: DateTime<Utc>,
}

/// What an answer deadline was counted against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineBasis {
    /// The promise was counted in open minutes (or the site is always open).
    OpenHours,
    /// The schedule ran out of open time (within [`SEARCH_HORIZON_DAYS`] or
    /// [`MAX_SCAN_DAYS`]), so the rest of the promise was counted in plain
    /// wall-clock time. For a schedule with no open time at all the deadline
    /// is simply `filed_at + promise`. The panel should warn the merchant that
    /// their hours are empty.
    WallClock,
}

/// An answer deadline and how it was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Deadline {
    /// When the answer is due.
    pub due: DateTime<Utc>,
    /// Whether `due` was counted in open hours or fell back to wall time.
    pub basis: DeadlineBasis,
}

/// One open span for display in a viewer's time zone: "Mon 10:00–14:00".
///
/// `end` may be `24:00`, meaning the span runs to the end of `end_date`; an
/// `end_date` after `date` means the span runs past midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ZonedSpan {
    /// The viewer-local date the span opens on.
    pub date: NaiveDate,
    /// The weekday of `date`.
    pub weekday: Weekday,
    /// Viewer-local opening time.
    pub start: TimeOfDay,
    /// Viewer-local closing time.
    pub end: TimeOfDay,
    /// The viewer-local date the span closes on.
    pub end_date: NaiveDate,
}

/// A site's working hours, validated. See the module documentation for how
/// overnight spans, holidays and daylight-saving time are interpreted.
///
/// Serialises as [`ScheduleSpec`]; deserialising validates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "ScheduleSpec", into = "ScheduleSpec")]
pub struct Schedule {
    tz: Tz,
    always_open: bool,
    /// Indexed by `Weekday::num_days_from_monday`, each sorted.
    weekly: [Vec<Span>; 7],
    holidays: BTreeSet<NaiveDate>,
    special: BTreeMap<NaiveDate, Vec<Span>>,
}

impl Default for Schedule {
    /// A plausible small-shop week so a new site never starts with empty
    /// hours: Monday–Friday 09:00–18:00 and Saturday 10:00–16:00, in UTC.
    /// Merchants are expected to set their own zone during setup.
    fn default() -> Self {
        let weekday = vec![Span {
            start: TimeOfDay(9 * 60),
            end: TimeOfDay(18 * 60),
        }];
        let saturday = vec![Span {
            start: TimeOfDay(10 * 60),
            end: TimeOfDay(16 * 60),
        }];
        Schedule {
            tz: Tz::UTC,
            always_open: false,
            weekly: [
                weekday.clone(),
                weekday.clone(),
                weekday.clone(),
                weekday.clone(),
                weekday,
                saturday,
                Vec::new(),
            ],
            holidays: BTreeSet::new(),
            special: BTreeMap::new(),
        }
    }
}

impl TryFrom<ScheduleSpec> for Schedule {
    type Error = ScheduleError;

    fn try_from(spec: ScheduleSpec) -> Result<Self, Self::Error> {
        let tz = Schedule::parse_timezone(&spec.timezone)?;
        let date_count = spec.holidays.len() + spec.special.len();
        if date_count > MAX_DATES {
            return Err(ScheduleError::TooManyDates { count: date_count });
        }
        let mut weekly: [Vec<Span>; 7] = Default::default();
        for ((key, pairs), slot) in WEEKDAY_KEYS.iter().zip(spec.weekly.days()).zip(&mut weekly) {
            *slot = parse_spans(&format!("weekly.{key}"), pairs)?;
        }
        let mut holidays = BTreeSet::new();
        for (i, text) in spec.holidays.iter().enumerate() {
            holidays.insert(parse_date(text).map_err(|e| e.at(&format!("holidays[{i}]")))?);
        }
        let mut special = BTreeMap::new();
        for (text, pairs) in &spec.special {
            let date = parse_date(text).map_err(|e| e.at("special"))?;
            special.insert(date, parse_spans(&format!("special.{text}"), pairs)?);
        }
        Ok(Schedule {
            tz,
            always_open: spec.always_open,
            weekly,
            holidays,
            special,
        })
    }
}

impl From<Schedule> for ScheduleSpec {
    fn from(schedule: Schedule) -> Self {
        schedule.to_spec()
    }
}

/// Parses and checks one day's list of `(start, end)` pairs; sorts them.
fn parse_spans(field: &str, pairs: &[(String, String)]) -> Result<Vec<Span>, ScheduleError> {
    if pairs.len() > MAX_SPANS_PER_DAY {
        return Err(ScheduleError::TooManySpans {
            field: field.to_owned(),
            count: pairs.len(),
        });
    }
    let mut spans = pairs
        .iter()
        .enumerate()
        .map(|(i, (start, end))| {
            Span::parse(start, end).map_err(|e| e.at(&format!("{field}[{i}]")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    spans.sort_unstable();
    Ok(spans)
}

/// Parses a strict `YYYY-MM-DD` date.
fn parse_date(text: &str) -> Result<NaiveDate, ScheduleError> {
    let invalid = || ScheduleError::InvalidDate {
        field: "date".into(),
        value: text.to_owned(),
    };
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return Err(invalid());
    }
    let number = |range: std::ops::Range<usize>| -> Result<u32, ScheduleError> {
        bytes[range].iter().try_fold(0u32, |acc, &b| {
            if b.is_ascii_digit() {
                Ok(acc * 10 + u32::from(b - b'0'))
            } else {
                Err(invalid())
            }
        })
    };
    let year = i32::try_from(number(0..4)?).map_err(|_| invalid())?;
    NaiveDate::from_ymd_opt(year, number(5..7)?, number(8..10)?).ok_or_else(invalid)
}

fn format_date(date: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
}

fn spans_to_pairs(spans: &[Span]) -> Vec<(String, String)> {
    spans
        .iter()
        .map(|s| (s.start.to_string(), s.end.to_string()))
        .collect()
}

/// Which instant to take for a local time that occurs twice.
#[derive(Clone, Copy)]
enum Pick {
    Earliest,
    Latest,
}

impl Schedule {
    /// Parses an IANA time zone name into a [`Tz`], with the typed error.
    pub fn parse_timezone(name: &str) -> Result<Tz, ScheduleError> {
        name.trim()
            .parse::<Tz>()
            .map_err(|_| ScheduleError::InvalidTimezone(name.to_owned()))
    }

    /// A schedule in `tz` that is never open; add hours with
    /// [`Schedule::with_hours`] and friends.
    pub fn closed(tz: Tz) -> Self {
        Schedule {
            tz,
            always_open: false,
            weekly: Default::default(),
            holidays: BTreeSet::new(),
            special: BTreeMap::new(),
        }
    }

    /// A schedule in `tz` that is open around the clock (24/7 support).
    pub fn twenty_four_seven(tz: Tz) -> Self {
        Schedule {
            always_open: true,
            ..Schedule::closed(tz)
        }
    }

    /// Replaces the spans for a weekday.
    pub fn with_hours(mut self, day: Weekday, spans: &[Span]) -> Result<Self, ScheduleError> {
        if spans.len() > MAX_SPANS_PER_DAY {
            return Err(ScheduleError::TooManySpans {
                field: format!("weekly.{}", WEEKDAY_KEYS[day_index(day)]),
                count: spans.len(),
            });
        }
        let mut spans = spans.to_vec();
        spans.sort_unstable();
        self.weekly[day_index(day)] = spans;
        Ok(self)
    }

    /// Adds a holiday: the site is closed on that site-local date.
    pub fn with_holiday(mut self, date: NaiveDate) -> Result<Self, ScheduleError> {
        self.holidays.insert(date);
        self.check_date_count()?;
        Ok(self)
    }

    /// Sets special hours for a site-local date, replacing the weekday's.
    pub fn with_special(mut self, date: NaiveDate, spans: &[Span]) -> Result<Self, ScheduleError> {
        if spans.len() > MAX_SPANS_PER_DAY {
            return Err(ScheduleError::TooManySpans {
                field: format!("special.{}", format_date(date)),
                count: spans.len(),
            });
        }
        let mut spans = spans.to_vec();
        spans.sort_unstable();
        self.special.insert(date, spans);
        self.check_date_count()?;
        Ok(self)
    }

    fn check_date_count(&self) -> Result<(), ScheduleError> {
        let count = self.holidays.len() + self.special.len();
        if count > MAX_DATES {
            Err(ScheduleError::TooManyDates { count })
        } else {
            Ok(())
        }
    }

    /// The stored form, with days, holidays and dates in a stable order.
    pub fn to_spec(&self) -> ScheduleSpec {
        let mut weekly = WeeklySpec::default();
        for (slot, spans) in weekly.days_mut().into_iter().zip(&self.weekly) {
            *slot = spans_to_pairs(spans);
        }
        ScheduleSpec {
            timezone: self.tz.name().to_owned(),
            always_open: self.always_open,
            weekly,
            holidays: self.holidays.iter().map(|d| format_date(*d)).collect(),
            special: self
                .special
                .iter()
                .map(|(d, spans)| (format_date(*d), spans_to_pairs(spans)))
                .collect(),
        }
    }

    /// The site's time zone.
    pub fn timezone(&self) -> Tz {
        self.tz
    }

    /// Whether the site is open around the clock.
    pub fn always_open(&self) -> bool {
        self.always_open
    }

    /// The regular spans for a weekday, sorted by opening time.
    pub fn hours(&self, day: Weekday) -> &[Span] {
        &self.weekly[day_index(day)]
    }

    /// The holidays, in date order.
    pub fn holidays(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.holidays.iter().copied()
    }

    /// The special hours set for a date, if any (regardless of holidays).
    pub fn special_hours(&self, date: NaiveDate) -> Option<&[Span]> {
        self.special.get(&date).map(Vec::as_slice)
    }

    /// The spans that actually start on a site-local date, after holidays,
    /// special hours and "always open" are taken into account.
    pub fn spans_on(&self, date: NaiveDate) -> &[Span] {
        if self.always_open {
            &FULL_DAY
        } else if self.holidays.contains(&date) {
            &[]
        } else if let Some(spans) = self.special.get(&date) {
            spans
        } else {
            &self.weekly[day_index(date.weekday())]
        }
    }

    /// Whether the schedule has no open time whatsoever (not always open, no
    /// weekly spans, no special hours). Such a site gets wall-clock deadlines
    /// ([`DeadlineBasis::WallClock`]); the panel should prompt for hours.
    pub fn is_empty(&self) -> bool {
        !self.always_open
            && self.weekly.iter().all(Vec::is_empty)
            && self.special.values().all(Vec::is_empty)
    }

    /// `at` in the site's time zone, for formatting ("back Monday 09:00").
    pub fn local_time(&self, at: DateTime<Utc>) -> DateTime<Tz> {
        at.with_timezone(&self.tz)
    }

    /// Whether support is working at `at`.
    pub fn is_open(&self, at: DateTime<Utc>) -> bool {
        if self.always_open {
            return true;
        }
        let Some(from) = self.scan_start(at) else {
            return false;
        };
        let until = from
            .checked_add_days(chrono::Days::new(3))
            .unwrap_or(NaiveDate::MAX);
        self.intervals(from, until, None)
            .take_while(|p| p.start <= at)
            .any(|p| p.end > at)
    }

    /// When support next opens, if it is closed at `at`.
    ///
    /// `None` when open at `at`, or when the schedule has no open time within
    /// [`SEARCH_HORIZON_DAYS`] days.
    pub fn next_open_at(&self, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
        if self.always_open || self.is_open(at) {
            return None;
        }
        let from = self.scan_start(at)?;
        self.intervals(from, NaiveDate::MAX, Some(SEARCH_HORIZON_DAYS + 1))
            .find(|p| p.start > at)
            .map(|p| p.start)
    }

    /// When the open period containing `at` ends (back-to-back and
    /// overlapping spans count as one period).
    ///
    /// `None` when closed at `at`, when always open, or when the site stays
    /// open for more than [`SEARCH_HORIZON_DAYS`] days without a break.
    pub fn next_close_at(&self, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
        if self.always_open || !self.is_open(at) {
            return None;
        }
        let from = self.scan_start(at)?;
        let limit = add_days(at, SEARCH_HORIZON_DAYS);
        let mut cursor = at;
        // Two empty days in a row end any period (spans last under 26 hours).
        for p in self.intervals(from, NaiveDate::MAX, Some(2)) {
            if p.end <= cursor {
                continue;
            }
            if p.start > cursor {
                return Some(cursor);
            }
            cursor = p.end;
            if cursor > limit {
                return None;
            }
        }
        Some(cursor)
    }

    /// Open (working) time elapsed between `from` and `to`; zero when `to` is
    /// not after `from`. Counting stops [`MAX_SCAN_DAYS`] after `from`.
    pub fn open_duration_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> TimeDelta {
        if to <= from {
            return TimeDelta::zero();
        }
        let to = to.min(add_days(from, MAX_SCAN_DAYS));
        if self.always_open {
            return to - from;
        }
        let Some(first) = self.scan_start(from) else {
            return TimeDelta::zero();
        };
        let until = self
            .local_date(to)
            .and_then(|d| d.succ_opt())
            .unwrap_or(NaiveDate::MAX);
        let mut cursor = from;
        let mut total = TimeDelta::zero();
        for p in self.intervals(first, until, None) {
            if p.start >= to {
                break;
            }
            let start = p.start.max(cursor);
            let end = p.end.min(to);
            if end > start {
                total += end - start;
                cursor = end;
            }
        }
        total
    }

    /// Whole open (working) minutes elapsed between `from` and `to`.
    ///
    /// The server uses it for first-answer times "in open hours" and the
    /// typical answer time; see [`Schedule::open_duration_between`].
    pub fn open_minutes_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
        self.open_duration_between(from, to).num_minutes()
    }

    /// When a complaint filed at `filed_at` must be answered: after
    /// `promise_minutes` of open time. See [`Schedule::deadline`] for the
    /// variant that says whether open hours were available.
    pub fn answer_deadline(&self, filed_at: DateTime<Utc>, promise_minutes: u32) -> DateTime<Utc> {
        self.deadline(filed_at, promise_minutes).due
    }

    /// The answer deadline with its [`DeadlineBasis`].
    ///
    /// The promise counts only open minutes: filed while closed, the answer
    /// is due `promise_minutes` after the next opening; filed just before
    /// closing, the remainder carries over to the next opening. A promise of
    /// zero is due at `filed_at`. If the schedule has no open time within
    /// [`SEARCH_HORIZON_DAYS`] (or runs out of it), the rest of the promise
    /// counts in wall-clock time and the basis is
    /// [`DeadlineBasis::WallClock`] — so an empty schedule gives
    /// `filed_at + promise`. Never loops unboundedly and never panics.
    pub fn deadline(&self, filed_at: DateTime<Utc>, promise_minutes: u32) -> Deadline {
        let promise = TimeDelta::minutes(i64::from(promise_minutes));
        if self.always_open || promise.is_zero() {
            return Deadline {
                due: add_delta(filed_at, promise),
                basis: DeadlineBasis::OpenHours,
            };
        }
        let limit = add_days(filed_at, MAX_SCAN_DAYS);
        let mut remaining = promise;
        let mut cursor = filed_at;
        if let Some(first) = self.scan_start(filed_at) {
            for p in self.intervals(first, NaiveDate::MAX, Some(SEARCH_HORIZON_DAYS + 1)) {
                if p.start >= limit {
                    break;
                }
                let start = p.start.max(cursor);
                let end = p.end.min(limit);
                if end <= start {
                    continue;
                }
                let available = end - start;
                if available >= remaining {
                    return Deadline {
                        due: start + remaining,
                        basis: DeadlineBasis::OpenHours,
                    };
                }
                remaining -= available;
                cursor = end;
            }
        }
        Deadline {
            due: add_delta(cursor, remaining),
            basis: DeadlineBasis::WallClock,
        }
    }

    /// The open periods within `[from, to)`, merged (back-to-back and
    /// overlapping spans join) and clipped to the window. The window is
    /// limited to [`MAX_SCAN_DAYS`] days.
    pub fn open_periods(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Period> {
        let mut out: Vec<Period> = Vec::new();
        if to <= from {
            return out;
        }
        let to = to.min(add_days(from, MAX_SCAN_DAYS));
        if self.always_open {
            out.push(Period {
                start: from,
                end: to,
            });
            return out;
        }
        let Some(first) = self.scan_start(from) else {
            return out;
        };
        let until = self
            .local_date(to)
            .and_then(|d| d.succ_opt())
            .unwrap_or(NaiveDate::MAX);
        for p in self.intervals(first, until, None) {
            if p.start >= to {
                break;
            }
            let start = p.start.max(from);
            let end = p.end.min(to);
            if end <= start {
                continue;
            }
            match out.last_mut() {
                Some(last) if start <= last.end => last.end = last.end.max(end),
                _ => out.push(Period { start, end }),
            }
        }
        out
    }

    /// The schedule for display in the viewer's time zone: for each of the
    /// `days` site-local dates starting with the one containing `from`, the
    /// spans that open on it (holidays and special hours applied, spans of the
    /// same date merged), expressed in `viewer`'s local time. `days` is
    /// capped at 62. An always-open site yields one whole-day span per date.
    ///
    /// Pass a date in the week to show: offsets differ between summer and
    /// winter, so a weekly table in another zone is only true for given dates.
    pub fn hours_in_zone(&self, viewer: Tz, from: DateTime<Utc>, days: u32) -> Vec<ZonedSpan> {
        let mut out = Vec::new();
        let Some(mut date) = self.local_date(from) else {
            return out;
        };
        let mut day = Vec::new();
        for _ in 0..days.min(62) {
            day.clear();
            self.day_intervals(date, &mut day);
            let mut merged: Vec<Period> = Vec::new();
            for p in &day {
                match merged.last_mut() {
                    Some(last) if p.start <= last.end => last.end = last.end.max(p.end),
                    _ => merged.push(*p),
                }
            }
            out.extend(merged.iter().filter_map(|p| zoned_span(viewer, *p)));
            match date.succ_opt() {
                Some(next) => date = next,
                None => break,
            }
        }
        out
    }

    /// A site-local opening time on a site-local date, as an instant in the
    /// viewer's zone — for "back Monday 09:00 (your time 10:00)". A time that
    /// does not exist locally (skipped by daylight saving) gives the moment
    /// the clocks jump; `None` only for dates outside chrono's range.
    pub fn opening_in_zone(
        &self,
        date: NaiveDate,
        time: TimeOfDay,
        viewer: Tz,
    ) -> Option<DateTime<Tz>> {
        let naive = local_naive(date, time.minutes_from_midnight())?;
        self.to_utc(naive, Pick::Earliest)
            .map(|at| at.with_timezone(&viewer))
    }

    // ----- internals -------------------------------------------------------

    /// The site-local date of an instant, without chrono's panicking
    /// `naive_local` at the ends of the representable range.
    fn local_date(&self, at: DateTime<Utc>) -> Option<NaiveDate> {
        local_naive_in(self.tz, at).map(|n| n.date())
    }

    /// The first site-local date whose spans can cover `at`: the day before
    /// its local date (an overnight span may have started then).
    fn scan_start(&self, at: DateTime<Utc>) -> Option<NaiveDate> {
        let date = match self.local_date(at) {
            Some(date) => date,
            // Out of range locally: the UTC date is at most a day off.
            None => at.date_naive().pred_opt().unwrap_or(at.date_naive()),
        };
        Some(date.pred_opt().unwrap_or(date))
    }

    /// Raw (unmerged) open intervals of the spans starting on the dates from
    /// `from` to `until` inclusive, ordered by start. Stops early after
    /// `max_empty_days` consecutive dates without any interval.
    fn intervals(
        &self,
        from: NaiveDate,
        until: NaiveDate,
        max_empty_days: Option<i64>,
    ) -> Intervals<'_> {
        Intervals {
            schedule: self,
            next_date: Some(from),
            until,
            max_empty_days,
            empty_run: 0,
            buf: VecDeque::new(),
            day: Vec::new(),
        }
    }

    /// Appends the intervals of the spans starting on `date`, sorted by start.
    fn day_intervals(&self, date: NaiveDate, out: &mut Vec<Period>) {
        let spans = self.spans_on(date);
        let first = out.len();
        for span in spans {
            let end_minutes = if span.is_overnight() {
                span.end.minutes_from_midnight() + u32::from(MINUTES_PER_DAY)
            } else {
                span.end.minutes_from_midnight()
            };
            let (Some(start), Some(end)) = (
                local_naive(date, span.start.minutes_from_midnight()),
                local_naive(date, end_minutes),
            ) else {
                continue;
            };
            let (Some(start), Some(end)) = (
                self.to_utc(start, Pick::Earliest),
                self.to_utc(end, Pick::Latest),
            ) else {
                continue;
            };
            if end > start {
                out.push(Period { start, end });
            }
        }
        out[first..].sort_unstable();
    }

    /// A site-local wall-clock time as an instant. Times skipped by a
    /// daylight-saving jump map to the first instant after the jump; repeated
    /// times take the earliest or latest occurrence as asked.
    fn to_utc(&self, naive: NaiveDateTime, pick: Pick) -> Option<DateTime<Utc>> {
        match self.tz.offset_from_local_datetime(&naive) {
            MappedLocalTime::Single(offset) => {
                naive.checked_sub_offset(offset.fix()).map(|n| n.and_utc())
            }
            MappedLocalTime::Ambiguous(a, b) => {
                let a = naive.checked_sub_offset(a.fix())?.and_utc();
                let b = naive.checked_sub_offset(b.fix())?.and_utc();
                Some(match pick {
                    Pick::Earliest => a.min(b),
                    Pick::Latest => a.max(b),
                })
            }
            MappedLocalTime::None => {
                let mut probe = naive;
                for _ in 0..MAX_GAP_PROBE_MINUTES {
                    probe = probe.checked_add_signed(TimeDelta::minutes(1))?;
                    match self.tz.offset_from_local_datetime(&probe) {
                        MappedLocalTime::Single(offset) | MappedLocalTime::Ambiguous(offset, _) => {
                            return probe.checked_sub_offset(offset.fix()).map(|n| n.and_utc());
                        }
                        MappedLocalTime::None => {}
                    }
                }
                None
            }
        }
    }
}

/// Iterator over raw open intervals; see [`Schedule::intervals`].
struct Intervals<'a> {
    schedule: &'a Schedule,
    next_date: Option<NaiveDate>,
    until: NaiveDate,
    max_empty_days: Option<i64>,
    empty_run: i64,
    buf: VecDeque<Period>,
    day: Vec<Period>,
}

impl Iterator for Intervals<'_> {
    type Item = Period;

    fn next(&mut self) -> Option<Period> {
        loop {
            if let Some(p) = self.buf.pop_front() {
                return Some(p);
            }
            let date = self.next_date?;
            if date > self.until {
                return None;
            }
            if self.max_empty_days.is_some_and(|max| self.empty_run >= max) {
                return None;
            }
            self.next_date = date.succ_opt();
            self.day.clear();
            self.schedule.day_intervals(date, &mut self.day);
            if self.day.is_empty() {
                self.empty_run += 1;
            } else {
                self.empty_run = 0;
                self.buf.extend(self.day.iter().copied());
            }
        }
    }
}

fn day_index(day: Weekday) -> usize {
    day.num_days_from_monday() as usize
}

/// `date` at `minutes` after its midnight (may be past 24:00).
fn local_naive(date: NaiveDate, minutes: u32) -> Option<NaiveDateTime> {
    date.and_time(NaiveTime::MIN)
        .checked_add_signed(TimeDelta::minutes(i64::from(minutes)))
}

/// The wall-clock time of `at` in `tz`, or `None` at the range's ends.
fn local_naive_in(tz: Tz, at: DateTime<Utc>) -> Option<NaiveDateTime> {
    let utc = at.naive_utc();
    utc.checked_add_offset(tz.offset_from_utc_datetime(&utc).fix())
}

fn add_delta(at: DateTime<Utc>, delta: TimeDelta) -> DateTime<Utc> {
    at.checked_add_signed(delta)
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

fn add_days(at: DateTime<Utc>, days: i64) -> DateTime<Utc> {
    add_delta(at, TimeDelta::days(days))
}

/// A period as a display span in `viewer`'s zone.
fn zoned_span(viewer: Tz, period: Period) -> Option<ZonedSpan> {
    let start = local_naive_in(viewer, period.start)?;
    let end = local_naive_in(viewer, period.end)?;
    let (end_time, end_date) = if end.time() == NaiveTime::MIN && end.date() > start.date() {
        (TimeOfDay::END_OF_DAY, end.date().pred_opt()?)
    } else {
        (TimeOfDay::from_naive(end.time()), end.date())
    };
    Some(ZonedSpan {
        date: start.date(),
        weekday: start.date().weekday(),
        start: TimeOfDay::from_naive(start.time()),
        end: end_time,
        end_date,
    })
}

/// Nearest-rank percentile: the smallest value such that at least `p`% of
/// the values are at or below it (`p` from 0 to 100; 0 gives the minimum).
///
/// Used for the "typical answer today" figure (the 80th percentile of answer
/// times). Returns `None` for fewer than `min_samples` values — the server
/// passes [`MIN_TYPICAL_SAMPLES`] so a single lucky reply is not advertised —
/// for an empty slice, and for `p` above 100.
pub fn percentile<T: Copy + Ord>(values: &[T], p: u8, min_samples: usize) -> Option<T> {
    if p > 100 || values.is_empty() || values.len() < min_samples {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    let rank = (usize::from(p) * sorted.len()).div_ceil(100).max(1);
    sorted.get(rank - 1).copied()
}

/// Where a complaint stands against its answer deadline, for the merchant
/// queue's colours: green, amber, red, and an escalation mark.
///
/// Serialised with a `state` tag: `{"state":"warning","remaining_min":4}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum DeadlineState {
    /// More than [`WARNING_MINUTES`] left (green).
    OnTime {
        /// Whole minutes left, rounded up.
        remaining_min: i64,
    },
    /// At most [`WARNING_MINUTES`] left, deadline not yet passed (amber).
    Warning {
        /// Whole minutes left, rounded up (0 exactly at the deadline).
        remaining_min: i64,
    },
    /// The promise is broken, by at most [`ESCALATION_MINUTES`] (red).
    Breached {
        /// Whole minutes past the deadline, rounded down.
        over_min: i64,
    },
    /// More than [`ESCALATION_MINUTES`] past the deadline (red, escalated).
    Escalated {
        /// Whole minutes past the deadline, rounded down.
        over_min: i64,
    },
}

impl DeadlineState {
    /// A stable identifier: `on_time`, `warning`, `breached` or `escalated`.
    pub fn code(self) -> &'static str {
        match self {
            DeadlineState::OnTime { .. } => "on_time",
            DeadlineState::Warning { .. } => "warning",
            DeadlineState::Breached { .. } => "breached",
            DeadlineState::Escalated { .. } => "escalated",
        }
    }

    /// The queue colour: `green`, `amber` or `red` (escalated items are red
    /// with an extra mark, see [`DeadlineState::is_escalated`]).
    pub fn colour(self) -> &'static str {
        match self {
            DeadlineState::OnTime { .. } => "green",
            DeadlineState::Warning { .. } => "amber",
            DeadlineState::Breached { .. } | DeadlineState::Escalated { .. } => "red",
        }
    }

    /// Whether the answer promise has been broken.
    pub fn is_breached(self) -> bool {
        matches!(
            self,
            DeadlineState::Breached { .. } | DeadlineState::Escalated { .. }
        )
    }

    /// Whether the complaint is more than an hour late and needs escalation.
    pub fn is_escalated(self) -> bool {
        matches!(self, DeadlineState::Escalated { .. })
    }
}

/// Classifies `now` against a complaint's `due` instant (wall-clock time,
/// since `due` already accounts for working hours). Exactly at `due` the
/// promise still holds ([`DeadlineState::Warning`] with 0 minutes left).
pub fn deadline_state(now: DateTime<Utc>, due: DateTime<Utc>) -> DeadlineState {
    if now <= due {
        let left = due - now;
        let remaining_min = left.num_milliseconds().saturating_add(59_999) / 60_000;
        if left <= TimeDelta::minutes(WARNING_MINUTES) {
            DeadlineState::Warning { remaining_min }
        } else {
            DeadlineState::OnTime { remaining_min }
        }
    } else {
        let over = now - due;
        let over_min = over.num_minutes();
        if over > TimeDelta::minutes(ESCALATION_MINUTES) {
            DeadlineState::Escalated { over_min }
        } else {
            DeadlineState::Breached { over_min }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A schedule from JSON (tests only: panicking on bad fixtures is fine).
    fn sched(json: &str) -> Schedule {
        serde_json::from_str(json).expect("valid schedule fixture")
    }

    /// A site-local "YYYY-MM-DD HH:MM" as an instant (earliest if repeated).
    fn at(s: &Schedule, local: &str) -> DateTime<Utc> {
        let naive = NaiveDateTime::parse_from_str(local, "%Y-%m-%d %H:%M").expect("fixture time");
        s.to_utc(naive, Pick::Earliest).expect("in range")
    }

    /// An instant as site-local "YYYY-MM-DD HH:MM".
    fn loc(s: &Schedule, t: DateTime<Utc>) -> String {
        s.local_time(t).format("%Y-%m-%d %H:%M").to_string()
    }

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .expect("fixture instant")
            .with_timezone(&Utc)
    }

    fn date(text: &str) -> NaiveDate {
        parse_date(text).expect("fixture date")
    }

    fn almaty() -> Schedule {
        sched(
            r#"{"timezone": "Asia/Almaty", "always_open": false,
                "weekly": {"mon": [["09:00","13:00"],["14:00","19:00"]],
                           "tue": [["09:00","13:00"],["14:00","19:00"]],
                           "wed": [["09:00","13:00"],["14:00","19:00"]],
                           "thu": [["09:00","13:00"],["14:00","19:00"]],
                           "fri": [["09:00","13:00"],["14:00","19:00"]],
                           "sat": [], "sun": []},
                "holidays": ["2026-12-31"],
                "special": {"2026-12-30": [["10:00","15:00"]]}}"#,
        )
    }

    /// Open every night 22:00–06:00 Athens time (and Fri 22:00–02:00 only).
    fn athens_nights() -> Schedule {
        let night = [Span::parse("22:00", "06:00").expect("span")];
        let mut s = Schedule::closed(Schedule::parse_timezone("Europe/Athens").expect("tz"));
        for day in [
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
            Weekday::Sat,
            Weekday::Sun,
        ] {
            s = s.with_hours(day, &night).expect("hours");
        }
        s
    }

    #[test]
    fn fixture_dates_are_the_weekdays_the_tests_assume() {
        assert_eq!(date("2026-03-02").weekday(), Weekday::Mon);
        assert_eq!(date("2026-03-29").weekday(), Weekday::Sun);
        assert_eq!(date("2026-10-25").weekday(), Weekday::Sun);
        assert_eq!(date("2026-05-08").weekday(), Weekday::Fri);
        assert_eq!(date("2026-12-31").weekday(), Weekday::Thu);
    }

    #[test]
    fn filed_five_minutes_before_closing_carries_over_to_next_opening() {
        let s = almaty();
        let due = s.answer_deadline(at(&s, "2026-03-02 18:55"), 10);
        assert_eq!(loc(&s, due), "2026-03-03 09:05");
    }

    #[test]
    fn friday_evening_carries_over_the_weekend() {
        let s = almaty();
        let due = s.answer_deadline(at(&s, "2026-03-06 18:55"), 10);
        assert_eq!(loc(&s, due), "2026-03-09 09:05");
    }

    #[test]
    fn lunch_gap_between_spans_is_skipped() {
        let s = almaty();
        assert_eq!(
            loc(&s, s.answer_deadline(at(&s, "2026-03-02 12:55"), 10)),
            "2026-03-02 14:05"
        );
        assert!(!s.is_open(at(&s, "2026-03-02 13:30")));
        assert_eq!(
            s.next_open_at(at(&s, "2026-03-02 13:30")),
            Some(at(&s, "2026-03-02 14:00"))
        );
        assert_eq!(
            s.next_close_at(at(&s, "2026-03-02 10:00")),
            Some(at(&s, "2026-03-02 13:00"))
        );
    }

    #[test]
    fn filed_while_closed_is_due_promise_after_opening() {
        let s = almaty();
        let filed = at(&s, "2026-03-03 03:00");
        assert_eq!(loc(&s, s.answer_deadline(filed, 10)), "2026-03-03 09:10");
        assert_eq!(loc(&s, s.answer_deadline(filed, 30)), "2026-03-03 09:30");
        let d = s.deadline(filed, 10);
        assert_eq!(d.basis, DeadlineBasis::OpenHours);
    }

    #[test]
    fn filed_exactly_at_opening_and_closing() {
        let s = almaty();
        assert!(s.is_open(at(&s, "2026-03-02 09:00")));
        assert_eq!(
            loc(&s, s.answer_deadline(at(&s, "2026-03-02 09:00"), 10)),
            "2026-03-02 09:10"
        );
        // Closing time is already closed.
        assert!(!s.is_open(at(&s, "2026-03-02 19:00")));
        assert_eq!(
            loc(&s, s.answer_deadline(at(&s, "2026-03-02 19:00"), 10)),
            "2026-03-03 09:10"
        );
        assert!(s.is_open(at(&s, "2026-03-02 18:59")));
    }

    #[test]
    fn deadline_ending_exactly_at_closing_stays_that_day() {
        let s = almaty();
        assert_eq!(
            loc(&s, s.answer_deadline(at(&s, "2026-03-02 18:50"), 10)),
            "2026-03-02 19:00"
        );
    }

    #[test]
    fn seconds_in_the_filing_time_are_kept() {
        let s = almaty();
        let filed = at(&s, "2026-03-02 18:55") + TimeDelta::seconds(30);
        let due = s.answer_deadline(filed, 10);
        assert_eq!(due, at(&s, "2026-03-03 09:05") + TimeDelta::seconds(30));
        assert_eq!(s.open_minutes_between(filed, due), 10);
    }

    #[test]
    fn overnight_span_runs_into_the_next_day() {
        let s = Schedule::closed(Tz::UTC)
            .with_hours(
                Weekday::Fri,
                &[Span::parse("22:00", "02:00").expect("span")],
            )
            .expect("hours");
        // Friday 2026-03-06.
        assert!(s.is_open(utc("2026-03-06T23:00:00Z")));
        assert!(s.is_open(utc("2026-03-07T01:59:00Z")));
        assert!(!s.is_open(utc("2026-03-07T02:00:00Z")));
        assert!(!s.is_open(utc("2026-03-06T21:59:00Z")));
        assert_eq!(
            s.answer_deadline(utc("2026-03-06T23:00:00Z"), 10),
            utc("2026-03-06T23:10:00Z")
        );
        // Filed Saturday 01:55: five minutes now, five next Friday 22:00.
        assert_eq!(
            s.answer_deadline(utc("2026-03-07T01:55:00Z"), 10),
            utc("2026-03-13T22:05:00Z")
        );
        assert_eq!(
            s.next_close_at(utc("2026-03-06T23:00:00Z")),
            Some(utc("2026-03-07T02:00:00Z"))
        );
        assert_eq!(
            s.open_minutes_between(utc("2026-03-06T00:00:00Z"), utc("2026-03-08T00:00:00Z")),
            240
        );
    }

    #[test]
    fn overnight_shift_continues_into_a_holiday() {
        let s = Schedule::closed(Tz::UTC)
            .with_hours(
                Weekday::Fri,
                &[Span::parse("22:00", "02:00").expect("span")],
            )
            .expect("hours")
            .with_hours(
                Weekday::Sat,
                &[Span::parse("10:00", "12:00").expect("span")],
            )
            .expect("hours")
            .with_holiday(date("2026-03-07"))
            .expect("holiday");
        assert!(s.is_open(utc("2026-03-07T01:00:00Z")));
        assert!(!s.is_open(utc("2026-03-07T11:00:00Z")));
    }

    #[test]
    fn holiday_and_special_hours() {
        let s = almaty();
        // Wednesday 30 December: special hours 10:00–15:00 instead of 09–13/14–19.
        assert!(!s.is_open(at(&s, "2026-12-30 09:30")));
        assert!(s.is_open(at(&s, "2026-12-30 13:30")));
        assert!(!s.is_open(at(&s, "2026-12-30 15:00")));
        // Thursday 31 December: holiday. Friday 1 January: regular hours.
        assert!(!s.is_open(at(&s, "2026-12-31 10:00")));
        assert_eq!(
            loc(&s, s.answer_deadline(at(&s, "2026-12-30 14:55"), 10)),
            "2027-01-01 09:05"
        );
        assert_eq!(
            s.next_open_at(at(&s, "2026-12-30 16:00")),
            Some(at(&s, "2027-01-01 09:00"))
        );
        assert_eq!(s.spans_on(date("2026-12-31")), &[] as &[Span]);
        assert_eq!(
            s.special_hours(date("2026-12-30")).map(<[Span]>::len),
            Some(1)
        );
    }

    #[test]
    fn holiday_beats_special_hours_on_the_same_date() {
        let d = date("2026-03-03");
        let s = almaty()
            .with_special(d, &[Span::parse("10:00", "11:00").expect("span")])
            .expect("special")
            .with_holiday(d)
            .expect("holiday");
        assert!(s.spans_on(d).is_empty());
    }

    #[test]
    fn empty_special_hours_close_the_day() {
        let s = sched(
            r#"{"timezone":"UTC","weekly":{"mon":[["09:00","17:00"]]},"special":{"2026-03-02":[]}}"#,
        );
        assert!(!s.is_open(utc("2026-03-02T10:00:00Z")));
        assert!(s.is_open(utc("2026-03-09T10:00:00Z")));
    }

    #[test]
    fn athens_spring_forward_skips_an_hour_of_the_night() {
        // 29 March 2026: 03:00 EET becomes 04:00 EEST (01:00 UTC).
        let s = athens_nights();
        let from = at(&s, "2026-03-28 22:00");
        let to = at(&s, "2026-03-29 06:00");
        assert_eq!(from, utc("2026-03-28T20:00:00Z"));
        assert_eq!(to, utc("2026-03-29T03:00:00Z"));
        assert_eq!(s.open_minutes_between(from, to), 7 * 60);
        // Filed at 02:55 EET: five minutes before the jump, five after.
        let due = s.answer_deadline(at(&s, "2026-03-29 02:55"), 10);
        assert_eq!(due, utc("2026-03-29T01:05:00Z"));
        assert_eq!(loc(&s, due), "2026-03-29 04:05");
    }

    #[test]
    fn athens_fall_back_adds_an_hour_to_the_night() {
        // 25 October 2026: 04:00 EEST becomes 03:00 EET (01:00 UTC).
        let s = athens_nights();
        let from = at(&s, "2026-10-24 22:00");
        let to = utc("2026-10-25T04:00:00Z"); // 06:00 EET
        assert_eq!(from, utc("2026-10-24T19:00:00Z"));
        assert_eq!(s.open_minutes_between(from, to), 9 * 60);
        // Closing at 06:00 EET, not the hour before.
        assert_eq!(s.next_close_at(from), Some(to));
        // Filed at the first 03:55 (EEST): due at the second 03:05 (EET).
        let filed = utc("2026-10-25T00:55:00Z");
        assert_eq!(loc(&s, filed), "2026-10-25 03:55");
        let due = s.answer_deadline(filed, 10);
        assert_eq!(due, utc("2026-10-25T01:05:00Z"));
        assert_eq!(loc(&s, due), "2026-10-25 03:05");
    }

    #[test]
    fn span_starting_inside_the_skipped_hour_opens_when_clocks_jump() {
        let s = Schedule::closed(Schedule::parse_timezone("Europe/Athens").expect("tz"))
            .with_special(
                date("2026-03-29"),
                &[Span::parse("03:30", "05:00").expect("span")],
            )
            .expect("special");
        assert_eq!(
            s.next_open_at(utc("2026-03-28T12:00:00Z")),
            Some(utc("2026-03-29T01:00:00Z"))
        );
        assert_eq!(
            s.open_minutes_between(utc("2026-03-28T00:00:00Z"), utc("2026-03-30T00:00:00Z")),
            60
        );
        // A span entirely inside the gap has no open time at all.
        let gone = Schedule::closed(s.timezone())
            .with_special(
                date("2026-03-29"),
                &[Span::parse("03:10", "03:40").expect("span")],
            )
            .expect("special");
        assert_eq!(
            gone.open_minutes_between(utc("2026-03-28T00:00:00Z"), utc("2026-03-30T00:00:00Z")),
            0
        );
    }

    #[test]
    fn athens_day_shop_across_dst_keeps_local_hours() {
        let s = sched(
            r#"{"timezone":"Europe/Athens","weekly":{"fri":[["09:00","18:00"]],"mon":[["09:00","18:00"]]}}"#,
        );
        // Friday 27 March (EET, +2) to Monday 30 March (EEST, +3).
        let due = s.answer_deadline(at(&s, "2026-03-27 17:55"), 10);
        assert_eq!(loc(&s, due), "2026-03-30 09:05");
        assert_eq!(due, utc("2026-03-30T06:05:00Z"));
    }

    #[test]
    fn tehran_shop_closed_on_friday() {
        let s = sched(
            r#"{"timezone":"Asia/Tehran",
                "weekly":{"sat":[["09:00","17:00"]],"sun":[["09:00","17:00"]],"mon":[["09:00","17:00"]],
                          "tue":[["09:00","17:00"]],"wed":[["09:00","17:00"]],"thu":[["09:00","13:00"]],
                          "fri":[]}}"#,
        );
        // Thursday 7 May 2026, half day; Friday closed; back Saturday.
        let due = s.answer_deadline(at(&s, "2026-05-07 12:55"), 10);
        assert_eq!(loc(&s, due), "2026-05-09 09:05");
        assert!(!s.is_open(at(&s, "2026-05-08 12:00")));
        assert_eq!(
            s.next_open_at(at(&s, "2026-05-08 12:00")),
            Some(at(&s, "2026-05-09 09:00"))
        );
        // Tehran is UTC+03:30.
        assert_eq!(at(&s, "2026-05-09 09:00"), utc("2026-05-09T05:30:00Z"));
    }

    #[test]
    fn always_open_counts_wall_clock() {
        let s = Schedule::twenty_four_seven(Tz::UTC);
        let t = utc("2026-03-02T03:17:00Z");
        assert!(s.is_open(t));
        assert_eq!(s.next_open_at(t), None);
        assert_eq!(s.next_close_at(t), None);
        assert_eq!(s.answer_deadline(t, 10), t + TimeDelta::minutes(10));
        assert_eq!(s.open_minutes_between(t, t + TimeDelta::hours(30)), 30 * 60);
        assert!(!s.is_empty());
        let json = serde_json::to_value(&s).expect("serialise");
        assert_eq!(json["always_open"], true);
    }

    #[test]
    fn weekly_round_the_clock_never_reports_a_close() {
        let full = [Span::parse("00:00", "24:00").expect("span")];
        let mut s = Schedule::closed(Schedule::parse_timezone("Europe/Athens").expect("tz"));
        for d in 0..7 {
            s = s
                .with_hours(Weekday::try_from(d).expect("weekday"), &full)
                .expect("hours");
        }
        let t = utc("2026-03-28T12:00:00Z");
        assert!(s.is_open(t));
        assert_eq!(s.next_close_at(t), None);
        // Across the spring-forward night: 23 real hours in that local day.
        assert_eq!(
            s.open_minutes_between(at(&s, "2026-03-29 00:00"), at(&s, "2026-03-30 00:00")),
            23 * 60
        );
    }

    #[test]
    fn empty_schedule_falls_back_to_wall_clock() {
        let s = Schedule::closed(Tz::UTC);
        let t = utc("2026-03-02T10:00:00Z");
        assert!(s.is_empty());
        assert!(!s.is_open(t));
        assert_eq!(s.next_open_at(t), None);
        assert_eq!(s.next_close_at(t), None);
        let d = s.deadline(t, 10);
        assert_eq!(d.due, t + TimeDelta::minutes(10));
        assert_eq!(d.basis, DeadlineBasis::WallClock);
        assert_eq!(s.open_minutes_between(t, t + TimeDelta::days(30)), 0);
    }

    #[test]
    fn schedule_with_only_past_dates_falls_back_after_running_out() {
        let s = Schedule::closed(Tz::UTC)
            .with_special(
                date("2026-03-02"),
                &[Span::parse("10:00", "10:04").expect("span")],
            )
            .expect("special");
        assert!(!s.is_empty());
        let d = s.deadline(utc("2026-03-02T10:00:00Z"), 10);
        // Four open minutes, then six wall-clock minutes after closing.
        assert_eq!(d.due, utc("2026-03-02T10:10:00Z"));
        assert_eq!(d.basis, DeadlineBasis::WallClock);
        // Far from any open date: plain filed_at + promise.
        let d = s.deadline(utc("2030-01-01T00:00:00Z"), 10);
        assert_eq!(d.due, utc("2030-01-01T00:10:00Z"));
        assert_eq!(d.basis, DeadlineBasis::WallClock);
    }

    #[test]
    fn zero_promise_is_due_immediately() {
        let s = almaty();
        let t = at(&s, "2026-03-02 03:00");
        assert_eq!(s.answer_deadline(t, 0), t);
    }

    #[test]
    fn back_to_back_spans_make_one_period() {
        let s = sched(
            r#"{"timezone":"UTC","weekly":{"mon":[["13:00","19:00"],["09:00","13:00"]],
                "sun":[["22:00","24:00"]]}}"#,
        );
        // Stored sorted.
        assert_eq!(s.hours(Weekday::Mon)[0].start().to_string(), "09:00");
        assert_eq!(
            s.answer_deadline(utc("2026-03-02T12:55:00Z"), 10),
            utc("2026-03-02T13:05:00Z")
        );
        assert_eq!(
            s.next_close_at(utc("2026-03-02T10:00:00Z")),
            Some(utc("2026-03-02T19:00:00Z"))
        );
        // Sunday 22:00–24:00 followed by nothing on Monday until 09:00.
        assert_eq!(
            s.next_close_at(utc("2026-03-01T23:00:00Z")),
            Some(utc("2026-03-02T00:00:00Z"))
        );
        let periods = s.open_periods(utc("2026-03-01T00:00:00Z"), utc("2026-03-03T00:00:00Z"));
        assert_eq!(
            periods,
            vec![
                Period {
                    start: utc("2026-03-01T22:00:00Z"),
                    end: utc("2026-03-02T00:00:00Z")
                },
                Period {
                    start: utc("2026-03-02T09:00:00Z"),
                    end: utc("2026-03-02T19:00:00Z")
                },
            ]
        );
    }

    #[test]
    fn overlapping_spans_across_midnight_are_not_counted_twice() {
        let s = Schedule::closed(Tz::UTC)
            .with_hours(
                Weekday::Fri,
                &[Span::parse("22:00", "04:00").expect("span")],
            )
            .expect("hours")
            .with_hours(
                Weekday::Sat,
                &[Span::parse("01:00", "03:00").expect("span")],
            )
            .expect("hours");
        let from = utc("2026-03-06T00:00:00Z");
        let to = utc("2026-03-08T00:00:00Z");
        assert_eq!(s.open_minutes_between(from, to), 6 * 60);
        assert_eq!(
            s.next_close_at(utc("2026-03-06T23:00:00Z")),
            Some(utc("2026-03-07T04:00:00Z"))
        );
    }

    #[test]
    fn open_minutes_between_edges() {
        let s = almaty();
        let a = at(&s, "2026-03-02 08:00");
        let b = at(&s, "2026-03-03 08:00");
        assert_eq!(s.open_minutes_between(a, b), 9 * 60);
        assert_eq!(s.open_minutes_between(b, a), 0);
        assert_eq!(s.open_minutes_between(a, a), 0);
        // A whole week: five days of nine hours.
        assert_eq!(
            s.open_minutes_between(a, a + TimeDelta::days(7)),
            5 * 9 * 60
        );
    }

    #[test]
    fn display_hours_in_the_viewers_zone() {
        let s = almaty();
        let athens = Schedule::parse_timezone("Europe/Athens").expect("tz");
        // Monday 2 March 2026 in Almaty; Almaty is 3 or 4 hours ahead of Athens.
        let offset = at(&s, "2026-03-02 09:00").with_timezone(&athens).hour();
        let spans = s.hours_in_zone(athens, at(&s, "2026-03-02 00:00"), 7);
        assert_eq!(spans.len(), 10);
        assert_eq!(spans[0].date, date("2026-03-02"));
        assert_eq!(spans[0].weekday, Weekday::Mon);
        assert_eq!(spans[0].start.hour(), offset);
        assert_eq!(
            spans[0].start.minutes_from_midnight() + 4 * 60,
            spans[0].end.minutes_from_midnight()
        );
        // The viewer sees opening 09:00 site time at their own clock time.
        let there = s
            .opening_in_zone(
                date("2026-03-09"),
                TimeOfDay::new(9, 0).expect("time"),
                athens,
            )
            .expect("in range");
        assert_eq!(there.hour(), offset);
        assert_eq!(there.weekday(), Weekday::Mon);
    }

    #[test]
    fn display_overnight_span_and_end_of_day() {
        let s = sched(
            r#"{"timezone":"UTC","weekly":{"fri":[["22:00","02:00"]],"sat":[["18:00","24:00"]]}}"#,
        );
        let spans = s.hours_in_zone(Tz::UTC, utc("2026-03-06T12:00:00Z"), 2);
        assert_eq!(spans.len(), 2);
        assert_eq!(spans[0].date, date("2026-03-06"));
        assert_eq!(spans[0].end_date, date("2026-03-07"));
        assert_eq!(spans[0].end.to_string(), "02:00");
        assert_eq!(spans[1].end, TimeOfDay::END_OF_DAY);
        assert_eq!(spans[1].end_date, date("2026-03-07"));
        let all = Schedule::twenty_four_seven(Tz::UTC).hours_in_zone(
            Tz::UTC,
            utc("2026-03-06T12:00:00Z"),
            3,
        );
        assert_eq!(all.len(), 3);
        assert!(all
            .iter()
            .all(|z| z.start == TimeOfDay::MIDNIGHT && z.end.is_end_of_day()));
    }

    #[test]
    fn serde_round_trip_matches_the_api_shape() {
        let s = almaty();
        let json = serde_json::to_value(&s).expect("serialise");
        assert_eq!(json["timezone"], "Asia/Almaty");
        assert_eq!(json["weekly"]["mon"][1][0], "14:00");
        assert_eq!(json["weekly"]["sun"], serde_json::json!([]));
        assert_eq!(json["holidays"][0], "2026-12-31");
        assert_eq!(json["special"]["2026-12-30"][0][1], "15:00");
        let back: Schedule = serde_json::from_value(json).expect("deserialise");
        assert_eq!(back, s);
    }

    #[test]
    fn default_schedule_is_documented_week_in_utc() {
        let s = Schedule::default();
        assert_eq!(s.timezone(), Tz::UTC);
        assert_eq!(
            s.hours(Weekday::Fri),
            &[Span::parse("09:00", "18:00").expect("span")]
        );
        assert_eq!(
            s.hours(Weekday::Sat),
            &[Span::parse("10:00", "16:00").expect("span")]
        );
        assert!(s.hours(Weekday::Sun).is_empty());
        let back: Schedule =
            serde_json::from_str(&serde_json::to_string(&s).expect("ser")).expect("de");
        assert_eq!(back, s);
    }

    fn spec_error(json: &str) -> ScheduleError {
        let spec: ScheduleSpec = serde_json::from_str(json).expect("spec shape");
        Schedule::try_from(spec).expect_err("should be rejected")
    }

    #[test]
    fn validation_errors_have_stable_codes() {
        let e = spec_error(r#"{"timezone":"Mars/Olympus"}"#);
        assert_eq!(e.code(), "invalid_timezone");
        let e = spec_error(
            r#"{"timezone":"UTC","weekly":{"tue":[["09:00","13:00"],["25:00","26:00"]]}}"#,
        );
        assert_eq!(e.code(), "invalid_time");
        assert!(e.to_string().starts_with("weekly.tue[1]:"), "{e}");
        for bad in [
            "9:00", "09:60", "24:01", "0900", "09:0a", "", "+9:00", "09:00 ",
        ] {
            let json = format!(r#"{{"timezone":"UTC","weekly":{{"mon":[["{bad}","18:00"]]}}}}"#);
            assert_eq!(spec_error(&json).code(), "invalid_time", "{bad:?}");
        }
        // 24:00 only as a closing time.
        let e = spec_error(r#"{"timezone":"UTC","weekly":{"mon":[["24:00","02:00"]]}}"#);
        assert_eq!(e.code(), "invalid_time");
        let e = spec_error(r#"{"timezone":"UTC","weekly":{"mon":[["09:00","09:00"]]}}"#);
        assert_eq!(e.code(), "empty_span");
        let e = spec_error(r#"{"timezone":"UTC","holidays":["2026-02-30"]}"#);
        assert_eq!(e.code(), "invalid_date");
        assert!(e.to_string().starts_with("holidays[0]:"), "{e}");
        let e = spec_error(r#"{"timezone":"UTC","special":{"31.12.2026":[]}}"#);
        assert_eq!(e.code(), "invalid_date");
        for bad in [
            "2é6-01-01",
            "2026-1-01",
            "2026-01-01T",
            "+026-01-01",
            "２０２６-01-01",
        ] {
            let json = format!(r#"{{"timezone":"UTC","holidays":["{bad}"]}}"#);
            assert_eq!(spec_error(&json).code(), "invalid_date", "{bad:?}");
        }
        let e = spec_error(r#"{"timezone":"UTC","weekly":{"mon":[["０9:00","18:00"]]}}"#);
        assert_eq!(e.code(), "invalid_time");
        let many = vec![r#"["09:00","10:00"]"#; MAX_SPANS_PER_DAY + 1].join(",");
        let e = spec_error(&format!(
            r#"{{"timezone":"UTC","weekly":{{"wed":[{many}]}}}}"#
        ));
        assert_eq!(e.code(), "too_many_spans");
        let dates: Vec<String> = (0..=MAX_DATES as u64)
            .map(|i| {
                format!(
                    "\"{}\"",
                    format_date(date("2026-01-01") + chrono::Days::new(i))
                )
            })
            .collect();
        let e = spec_error(&format!(
            r#"{{"timezone":"UTC","holidays":[{}]}}"#,
            dates.join(",")
        ));
        assert_eq!(e.code(), "too_many_dates");
    }

    #[test]
    fn valid_edge_cases_are_accepted() {
        let s = sched(
            r#"{"timezone":" Asia/Almaty ","weekly":{"mon":[["00:00","24:00"]],"tue":[["22:00","00:00"]]}}"#,
        );
        assert_eq!(s.hours(Weekday::Mon)[0].duration_minutes(), 1440);
        assert_eq!(s.hours(Weekday::Tue)[0].duration_minutes(), 120);
        assert!(s.hours(Weekday::Tue)[0].is_overnight());
    }

    #[test]
    fn unknown_weekday_key_is_rejected_by_serde() {
        let r: Result<Schedule, _> =
            serde_json::from_str(r#"{"timezone":"UTC","weekly":{"monday":[["09:00","18:00"]]}}"#);
        assert!(r.is_err());
        // Through Schedule directly, the typed message survives in the text.
        let r: Result<Schedule, _> = serde_json::from_str(r#"{"timezone":"Nowhere/Land"}"#);
        let msg = r.expect_err("invalid").to_string();
        assert!(msg.contains("unknown time zone"), "{msg}");
    }

    #[test]
    fn time_of_day_parsing_and_display() {
        assert_eq!(TimeOfDay::parse("07:05").expect("t").to_string(), "07:05");
        assert_eq!(TimeOfDay::parse("24:00").expect("t"), TimeOfDay::END_OF_DAY);
        assert_eq!(
            "18:30"
                .parse::<TimeOfDay>()
                .expect("t")
                .minutes_from_midnight(),
            1110
        );
        assert!(TimeOfDay::new(23, 60).is_err());
        let json =
            serde_json::to_string(&Span::parse("22:00", "02:00").expect("span")).expect("ser");
        assert_eq!(json, r#"["22:00","02:00"]"#);
        assert!(serde_json::from_str::<Span>(r#"["10:00","10:00"]"#).is_err());
    }

    #[test]
    fn percentile_nearest_rank() {
        let v: Vec<i64> = (1..=10).rev().collect();
        assert_eq!(percentile(&v, 80, 5), Some(8));
        assert_eq!(percentile(&v, 100, 5), Some(10));
        assert_eq!(percentile(&v, 0, 5), Some(1));
        assert_eq!(percentile(&v, 50, 5), Some(5));
        assert_eq!(percentile(&v, 101, 5), None);
        assert_eq!(percentile(&v[..4], 80, MIN_TYPICAL_SAMPLES), None);
        assert_eq!(
            percentile(&[6_i64, 2, 9, 4, 3], 80, MIN_TYPICAL_SAMPLES),
            Some(6)
        );
        assert_eq!(percentile::<i64>(&[], 80, 0), None);
        assert_eq!(percentile(&[7_u32], 80, 1), Some(7));
    }

    #[test]
    fn deadline_state_colours() {
        let due = utc("2026-03-02T10:00:00Z");
        let st = deadline_state(due - TimeDelta::minutes(30), due);
        assert_eq!(st, DeadlineState::OnTime { remaining_min: 30 });
        assert_eq!(st.colour(), "green");
        let st = deadline_state(due - TimeDelta::minutes(10), due);
        assert_eq!(st, DeadlineState::Warning { remaining_min: 10 });
        assert_eq!(st.colour(), "amber");
        assert_eq!(
            deadline_state(due - TimeDelta::seconds(630), due),
            DeadlineState::OnTime { remaining_min: 11 }
        );
        assert_eq!(
            deadline_state(due - TimeDelta::seconds(30), due),
            DeadlineState::Warning { remaining_min: 1 }
        );
        assert_eq!(
            deadline_state(due, due),
            DeadlineState::Warning { remaining_min: 0 }
        );
        let st = deadline_state(due + TimeDelta::seconds(1), due);
        assert_eq!(st, DeadlineState::Breached { over_min: 0 });
        assert!(st.is_breached() && !st.is_escalated());
        assert_eq!(st.colour(), "red");
        assert_eq!(
            deadline_state(due + TimeDelta::minutes(60), due),
            DeadlineState::Breached { over_min: 60 }
        );
        let st = deadline_state(due + TimeDelta::minutes(61), due);
        assert_eq!(st, DeadlineState::Escalated { over_min: 61 });
        assert!(st.is_escalated());
        assert_eq!(st.code(), "escalated");
        let json =
            serde_json::to_string(&DeadlineState::Warning { remaining_min: 4 }).expect("ser");
        assert_eq!(json, r#"{"state":"warning","remaining_min":4}"#);
        // Extreme instants do not overflow.
        let _ = deadline_state(DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC);
        let _ = deadline_state(DateTime::<Utc>::MAX_UTC, DateTime::<Utc>::MIN_UTC);
    }

    #[test]
    fn extreme_instants_do_not_panic() {
        let schedules = [
            almaty(),
            athens_nights(),
            Schedule::closed(Tz::UTC),
            Schedule::twenty_four_seven(Tz::UTC),
            Schedule::default(),
        ];
        for s in &schedules {
            for t in [DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC] {
                let _ = s.is_open(t);
                let _ = s.next_open_at(t);
                let _ = s.next_close_at(t);
                let d = s.answer_deadline(t, u32::MAX);
                assert!(d >= t);
                let _ = s.open_minutes_between(t, DateTime::<Utc>::MAX_UTC);
                let _ = s.open_periods(t, DateTime::<Utc>::MAX_UTC);
                let _ = s.hours_in_zone(Tz::Pacific__Kiritimati, t, 62);
            }
        }
    }

    #[test]
    fn samoa_skipped_day_does_not_hang() {
        // Pacific/Apia skipped 30 December 2011 entirely.
        let s = sched(
            r#"{"timezone":"Pacific/Apia","weekly":{"thu":[["09:00","18:00"]],"fri":[["09:00","18:00"]],"sat":[["09:00","18:00"]]}}"#,
        );
        let filed = at(&s, "2011-12-29 17:55");
        let due = s.answer_deadline(filed, 10);
        assert_eq!(loc(&s, due), "2011-12-31 09:05");
        assert_eq!(s.open_minutes_between(filed, due), 10);
        // Friday's hours fall entirely inside the skipped day.
        assert_eq!(
            s.next_open_at(at(&s, "2011-12-29 18:00")),
            Some(at(&s, "2011-12-31 09:00"))
        );
    }

    const ZONES: [&str; 10] = [
        "UTC",
        "Asia/Almaty",
        "Asia/Tehran",
        "Europe/Athens",
        "America/New_York",
        "Australia/Lord_Howe",
        "Pacific/Apia",
        "Pacific/Kiritimati",
        "America/St_Johns",
        "Europe/Moscow",
    ];

    /// Any valid span: same-day, overnight, ending at 00:00 or 24:00.
    fn arb_span() -> impl Strategy<Value = Span> {
        (0u16..MINUTES_PER_DAY, 0u16..=MINUTES_PER_DAY).prop_filter_map("empty span", |(s, e)| {
            Span::new(TimeOfDay(s), TimeOfDay(e)).ok()
        })
    }

    prop_compose! {
        fn arb_schedule()(
            zone in 0..ZONES.len(),
            always_open in prop::bool::weighted(0.1),
            days in prop::collection::vec(prop::collection::vec(arb_span(), 0..4), 7),
            holidays in prop::collection::vec(0u64..800, 0..6),
            special in prop::collection::vec((0u64..800, prop::collection::vec(arb_span(), 0..3)), 0..4),
        ) -> Schedule {
            let tz = Schedule::parse_timezone(ZONES[zone]).expect("known zone");
            let mut s = if always_open { Schedule::twenty_four_seven(tz) } else { Schedule::closed(tz) };
            for (i, spans) in days.iter().enumerate() {
                s = s.with_hours(Weekday::try_from(i as u8).expect("weekday"), spans).expect("hours");
            }
            let base = date("2025-06-01");
            for h in holidays {
                s = s.with_holiday(base + chrono::Days::new(h)).expect("holiday");
            }
            for (d, spans) in special {
                s = s.with_special(base + chrono::Days::new(d), &spans).expect("special");
            }
            s
        }
    }

    /// Instants from 2009 to 2036 (covers Samoa's skipped day and both DST
    /// directions in many zones), at one-second resolution.
    fn arb_instant() -> impl Strategy<Value = DateTime<Utc>> {
        (1_230_768_000_i64..2_082_758_400)
            .prop_map(|secs| DateTime::<Utc>::from_timestamp(secs, 0).expect("in range"))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn deadline_counts_exactly_the_promise(
            s in arb_schedule(), filed in arb_instant(), promise in 0u32..3000,
        ) {
            let d = s.deadline(filed, promise);
            prop_assert!(d.due >= filed);
            if s.is_empty() {
                prop_assert_eq!(d.basis, DeadlineBasis::WallClock);
                prop_assert_eq!(d.due, filed + TimeDelta::minutes(i64::from(promise)));
            }
            if d.basis == DeadlineBasis::OpenHours {
                prop_assert_eq!(s.open_minutes_between(filed, d.due), i64::from(promise));
                if promise > 0 {
                    prop_assert!(s.is_open(d.due - TimeDelta::nanoseconds(1)));
                }
            }
        }

        #[test]
        fn next_open_and_close_are_consistent(s in arb_schedule(), t in arb_instant()) {
            let open = s.is_open(t);
            if let Some(next) = s.next_open_at(t) {
                prop_assert!(!open);
                prop_assert!(next > t);
                prop_assert!(s.is_open(next));
                prop_assert_eq!(s.open_minutes_between(t, next), 0);
            }
            if let Some(close) = s.next_close_at(t) {
                prop_assert!(open);
                prop_assert!(close > t);
                prop_assert!(!s.is_open(close));
                prop_assert_eq!(s.open_duration_between(t, close), close - t);
            }
            if open {
                prop_assert_eq!(s.next_open_at(t), None);
            }
        }

        #[test]
        fn open_time_is_additive_and_bounded(
            s in arb_schedule(), a in arb_instant(), x in 0i64..400_000, y in 0i64..400_000,
        ) {
            let b = a + TimeDelta::minutes(x);
            let c = b + TimeDelta::minutes(y);
            let ab = s.open_duration_between(a, b);
            let bc = s.open_duration_between(b, c);
            prop_assert_eq!(ab + bc, s.open_duration_between(a, c));
            prop_assert!(ab <= b - a);
            let periods: TimeDelta = s.open_periods(a, b).iter().map(|p| p.end - p.start).sum();
            prop_assert_eq!(periods, ab);
        }

        #[test]
        fn serde_round_trips_random_schedules(s in arb_schedule()) {
            let json = serde_json::to_string(&s).expect("serialise");
            let back: Schedule = serde_json::from_str(&json).expect("deserialise");
            prop_assert_eq!(back, s);
        }

        #[test]
        fn never_panics_anywhere_in_chronos_range(
            s in arb_schedule(),
            secs in DateTime::<Utc>::MIN_UTC.timestamp()..=DateTime::<Utc>::MAX_UTC.timestamp(),
            other in DateTime::<Utc>::MIN_UTC.timestamp()..=DateTime::<Utc>::MAX_UTC.timestamp(),
            promise in any::<u32>(),
        ) {
            let t = DateTime::<Utc>::from_timestamp(secs, 0).expect("in range");
            let u = DateTime::<Utc>::from_timestamp(other, 0).expect("in range");
            let _ = s.is_open(t);
            let _ = s.next_open_at(t);
            let _ = s.next_close_at(t);
            prop_assert!(s.answer_deadline(t, promise % 100_000) >= t);
            let _ = s.open_minutes_between(t, u);
            let _ = s.open_periods(t, u);
            let _ = s.hours_in_zone(Tz::Asia__Tehran, t, 7);
            let _ = deadline_state(t, u);
        }
    }
}
