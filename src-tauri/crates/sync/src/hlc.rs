//! A hybrid logical clock (Kulkarni et al., 2014): physical milliseconds from the injected
//! [`Clock`], a counter for events within one millisecond or behind a remote clock, and the
//! device id as the last tie-break. Every change carries one, and every message received moves
//! the local clock past the remote one, so a laptop whose clock is a day wrong still orders its
//! edits after everything it has seen.
//!
//! The text form sorts like the clock: fixed-width decimal fields, `000001764979200000-00000-<node>`.

use ocop_domain::ids::Clock;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use std::sync::{Arc, Mutex};

/// One reading of a hybrid logical clock. Ordered by time, then counter, then node.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Hlc {
    /// Milliseconds since the Unix epoch (physical part, never behind any clock seen).
    pub millis: u64,
    /// Events at the same `millis`.
    pub counter: u32,
    /// The device that made the reading (its id), which breaks ties between devices.
    pub node: String,
}

impl Hlc {
    /// The smallest reading of `node`, before any event.
    pub fn zero(node: impl Into<String>) -> Self {
        Hlc {
            millis: 0,
            counter: 0,
            node: node.into(),
        }
    }
}

impl fmt::Display for Hlc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:018}-{:05}-{}", self.millis, self.counter, self.node)
    }
}

/// A text that is not a clock reading.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a clock reading: {0:?}")]
pub struct BadHlc(pub String);

impl FromStr for Hlc {
    type Err = BadHlc;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadHlc(s.chars().take(80).collect());
        let mut parts = s.splitn(3, '-');
        let millis = parts.next().ok_or_else(bad)?;
        let counter = parts.next().ok_or_else(bad)?;
        let node = parts.next().ok_or_else(bad)?;
        if millis.len() != 18 || counter.len() != 5 || node.is_empty() {
            return Err(bad());
        }
        Ok(Hlc {
            millis: millis.parse().map_err(|_| bad())?,
            counter: counter.parse().map_err(|_| bad())?,
            node: node.to_string(),
        })
    }
}

impl Serialize for Hlc {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Hlc {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// The clock of one device: readings for local events, merged with every remote reading seen.
pub struct HlcClock {
    node: String,
    wall: Arc<dyn Clock>,
    last: Mutex<(u64, u32)>,
}

impl fmt::Debug for HlcClock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HlcClock")
            .field("node", &self.node)
            .field("last", &*self.last.lock().expect("hlc lock"))
            .finish()
    }
}

impl HlcClock {
    /// A clock for `node` reading physical time from `wall`, never going back before `last`
    /// (the newest reading kept from an earlier run).
    pub fn new(node: impl Into<String>, wall: Arc<dyn Clock>, last: Option<&Hlc>) -> Self {
        let start = last.map(|h| (h.millis, h.counter)).unwrap_or((0, 0));
        HlcClock {
            node: node.into(),
            wall,
            last: Mutex::new(start),
        }
    }

    fn physical(&self) -> u64 {
        let ms = self.wall.now().unix_timestamp_nanos() / 1_000_000;
        u64::try_from(ms).unwrap_or(0)
    }

    /// A reading for a local event (a write, a message sent): after every reading before it.
    pub fn tick(&self) -> Hlc {
        let pt = self.physical();
        let mut last = self.last.lock().expect("hlc lock");
        let (l, c) = *last;
        *last = if pt > l { (pt, 0) } else { (l, c + 1) };
        Hlc {
            millis: last.0,
            counter: last.1,
            node: self.node.clone(),
        }
    }

    /// Takes in a remote reading (a message received): the next local reading is after it.
    /// Returns the merged reading.
    pub fn observe(&self, remote: &Hlc) -> Hlc {
        let pt = self.physical();
        let mut last = self.last.lock().expect("hlc lock");
        let (l, c) = *last;
        let m = pt.max(l).max(remote.millis);
        let counter = if m == l && m == remote.millis {
            c.max(remote.counter) + 1
        } else if m == l {
            c + 1
        } else if m == remote.millis {
            remote.counter + 1
        } else {
            0
        };
        *last = (m, counter);
        Hlc {
            millis: m,
            counter,
            node: self.node.clone(),
        }
    }

    /// The newest reading made or seen, to keep across restarts.
    pub fn last(&self) -> Hlc {
        let (millis, counter) = *self.last.lock().expect("hlc lock");
        Hlc {
            millis,
            counter,
            node: self.node.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ocop_domain::ids::FixedClock;
    use time::macros::datetime;

    fn clock(at: time::OffsetDateTime) -> Arc<FixedClock> {
        Arc::new(FixedClock::new(at))
    }

    #[test]
    fn text_form_sorts_like_the_clock_and_round_trips() {
        let a = Hlc {
            millis: 9,
            counter: 10,
            node: "b".into(),
        };
        let b = Hlc {
            millis: 10,
            counter: 0,
            node: "a".into(),
        };
        assert!(a < b);
        assert!(a.to_string() < b.to_string());
        assert_eq!(a.to_string().parse::<Hlc>().unwrap(), a);
        let json = serde_json::to_string(&b).unwrap();
        assert_eq!(serde_json::from_str::<Hlc>(&json).unwrap(), b);
        assert!("12-3-x".parse::<Hlc>().is_err());
        assert!("".parse::<Hlc>().is_err());
    }

    #[test]
    fn readings_increase_even_when_the_wall_clock_stands_still_or_goes_back() {
        let wall = clock(datetime!(2026-12-06 08:00 UTC));
        let hlc = HlcClock::new("dev", wall.clone(), None);
        let a = hlc.tick();
        let b = hlc.tick();
        assert!(b > a);
        wall.advance(time::Duration::hours(-5));
        let c = hlc.tick();
        assert!(c > b, "a clock set back never orders a later write first");
    }

    #[test]
    fn a_laptop_a_day_behind_orders_its_next_edit_after_what_it_received() {
        let ahead = HlcClock::new("ahead", clock(datetime!(2026-12-07 08:00 UTC)), None);
        let behind = HlcClock::new("behind", clock(datetime!(2026-12-05 08:00 UTC)), None);
        let remote = ahead.tick();
        behind.observe(&remote);
        let next = behind.tick();
        assert!(next > remote);
        assert_eq!(next.node, "behind");
    }

    #[test]
    fn a_restart_continues_after_the_kept_reading() {
        let wall = clock(datetime!(2026-12-06 08:00 UTC));
        let kept = Hlc {
            millis: u64::try_from(datetime!(2026-12-08 00:00 UTC).unix_timestamp() * 1000).unwrap(),
            counter: 4,
            node: "dev".into(),
        };
        let hlc = HlcClock::new("dev", wall, Some(&kept));
        assert!(hlc.tick() > kept);
    }
}
