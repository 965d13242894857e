//! Ids and time, passed in rather than taken from globals so numbering and sync are testable:
//! the [`IdSource`] trait makes UUIDv7 ids, the [`Clock`] trait tells the time, and
//! [`DeviceId`] names the laptop that made a change.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use time::OffsetDateTime;
use uuid::Uuid;

/// Makes globally unique record ids.
pub trait IdSource: Send + Sync {
    /// A new id, unique across devices; UUIDv7 sorts by creation time.
    fn new_id(&self) -> Uuid;
}

/// Real UUIDv7 ids from the system clock and a random part.
#[derive(Debug, Default, Clone, Copy)]
pub struct UuidV7Ids;

impl IdSource for UuidV7Ids {
    fn new_id(&self) -> Uuid {
        Uuid::now_v7()
    }
}

/// Deterministic UUIDv7 ids for tests: a fixed millisecond timestamp and a counter in the
/// random bits, so ids are valid v7, unique and in creation order.
#[derive(Debug)]
pub struct SequentialIds {
    millis: u64,
    next: AtomicU64,
}

impl SequentialIds {
    /// Ids stamped with `millis` since the Unix epoch, counting from 1.
    pub fn new(millis: u64) -> Self {
        Self {
            millis,
            next: AtomicU64::new(1),
        }
    }
}

impl IdSource for SequentialIds {
    fn new_id(&self) -> Uuid {
        let n = self.next.fetch_add(1, Ordering::SeqCst);
        let mut counter = [0u8; 10];
        counter[2..].copy_from_slice(&n.to_be_bytes());
        uuid::Builder::from_unix_timestamp_millis(self.millis, &counter).into_uuid()
    }
}

/// Tells the current time.
pub trait Clock: Send + Sync {
    /// The current instant, UTC.
    fn now(&self) -> OffsetDateTime;
    /// Today's date in Vietnam (UTC+7), the date officers see on their calendar.
    fn today(&self) -> time::Date {
        self.now().to_offset(time::macros::offset!(+7)).date()
    }
}

/// The system clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }
}

/// A clock that stands still until moved, for tests.
#[derive(Debug)]
pub struct FixedClock(Mutex<OffsetDateTime>);

impl FixedClock {
    /// A clock showing `at`.
    pub fn new(at: OffsetDateTime) -> Self {
        Self(Mutex::new(at))
    }
    /// Moves the clock forward by `d`.
    pub fn advance(&self, d: time::Duration) {
        let mut t = self.0.lock().expect("clock lock");
        *t += d;
    }
}

impl Clock for FixedClock {
    fn now(&self) -> OffsetDateTime {
        *self.0.lock().expect("clock lock")
    }
}

/// Formats an instant as an RFC 3339 UTC timestamp with milliseconds, e.g.
/// `2026-03-02T08:15:00.123Z`: the form stored in the database and sent over IPC, which also
/// sorts as text.
pub fn timestamp(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        t.millisecond()
    )
}

/// The id of one installation of the app, generated once and kept in the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct DeviceId(pub Uuid);

impl DeviceId {
    /// A new device id from `ids`.
    pub fn generate(ids: &dyn IdSource) -> Self {
        Self(ids.new_id())
    }
}

impl std::fmt::Display for DeviceId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::str::FromStr for DeviceId {
    type Err = uuid::Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Self(Uuid::parse_str(s)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn real_ids_are_v7_and_unique() {
        let a = UuidV7Ids.new_id();
        let b = UuidV7Ids.new_id();
        assert_eq!(a.get_version_num(), 7);
        assert_ne!(a, b);
    }

    #[test]
    fn sequential_ids_are_v7_ordered_and_unique() {
        let ids = SequentialIds::new(1_772_400_000_000);
        let v: Vec<Uuid> = (0..5).map(|_| ids.new_id()).collect();
        assert!(v.iter().all(|u| u.get_version_num() == 7));
        let mut sorted = v.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted, v);
    }

    #[test]
    fn fixed_clock_moves_only_when_told() {
        let c = FixedClock::new(datetime!(2026-03-02 01:00 UTC));
        assert_eq!(timestamp(c.now()), "2026-03-02T01:00:00.000Z");
        c.advance(time::Duration::milliseconds(1500));
        assert_eq!(timestamp(c.now()), "2026-03-02T01:00:01.500Z");
    }

    #[test]
    fn today_is_in_vietnam_time() {
        let c = FixedClock::new(datetime!(2026-03-01 18:30 UTC));
        assert_eq!(c.today(), time::macros::date!(2026 - 03 - 02));
    }

    #[test]
    fn device_id_round_trips_as_text() {
        let d = DeviceId::generate(&UuidV7Ids);
        let s = d.to_string();
        assert_eq!(s.parse::<DeviceId>().unwrap(), d);
    }
}
