//! The server's merge of one change into a record, field by field, in clock order (SYNC.md:
//! ODK Entities' conflict flags, with a hybrid logical clock instead of arrival order).
//!
//! Each field of a record keeps a stamp: the server version that last changed it, the clock
//! reading of that change and its device. A change names the record version its device last had
//! (`base`) and the fields it changed. For each of those fields, the value with the later clock
//! reading wins, whatever order the changes arrive in, so every replica that applies the same
//! changes holds the same values. Besides the values, the merge says what a person must look at:
//!
//! - **conflict**: another device changed one of the same fields since `base`, to another value;
//! - **parallel update**: another device changed other fields of the record since `base`;
//! - otherwise the change was clean.
//!
//! Bookkeeping fields (`updated_at`, `device_id`, `created_at`) follow the winner and never
//! raise a flag.

use crate::hlc::Hlc;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Fields that follow whichever change is latest and never count as a person's edit.
pub const BOOKKEEPING: [&str; 3] = ["updated_at", "device_id", "created_at"];

/// Who last changed one field of a record, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    /// The record version (server order) at which the field last changed.
    pub version: i64,
    /// The clock reading of that change.
    pub hlc: Hlc,
    /// The device that made it.
    pub device: String,
}

/// A record as the server holds it: its values and the stamp of every field.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RecordState {
    /// The server version of the latest change applied (0: never written).
    pub version: i64,
    /// The record's current values, by column.
    pub fields: Map<String, Value>,
    /// The stamp of each field.
    pub stamps: BTreeMap<String, Stamp>,
}

/// One change to merge in.
#[derive(Debug, Clone, Copy)]
pub struct Incoming<'a> {
    /// The device that made the change.
    pub device: &'a str,
    /// Its clock reading.
    pub hlc: &'a Hlc,
    /// The record version the device had when it made the change (`None`: it had none).
    pub base: Option<i64>,
    /// The fields it changed, with their new values.
    pub fields: &'a Map<String, Value>,
}

/// One field two devices changed differently since their common version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldConflict {
    /// The column.
    pub field: String,
    /// The value the server held before this change (the other device's).
    pub theirs: Value,
    /// Who set it.
    pub theirs_stamp: Stamp,
    /// The value in this change.
    pub mine: Value,
    /// Which value the record holds now (the later clock reading's): `mine` or `theirs`.
    pub kept: Side,
}

/// One side of a conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// The change being merged.
    Mine,
    /// What the server held.
    Theirs,
}

/// What the merge found, besides the new values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Class {
    /// Nobody else changed the record since `base`.
    Clean,
    /// Others changed these other fields since `base`; both edits are kept.
    ParallelUpdate {
        /// The fields the other devices changed.
        fields: Vec<String>,
    },
    /// Others changed these same fields since `base`, to other values.
    Conflict {
        /// Each field in conflict.
        fields: Vec<FieldConflict>,
    },
}

/// The merged record and what the merge found.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    /// The record after the change.
    pub state: RecordState,
    /// Clean, parallel update or conflict.
    pub class: Class,
    /// The fields whose value this change set (it won them by clock).
    pub applied: Vec<String>,
}

fn is_bookkeeping(field: &str) -> bool {
    BOOKKEEPING.contains(&field)
}

/// Merges `change` into `current` (`None`: a record the server has never seen) and gives the
/// record at `version`, the next server version.
pub fn merge(current: Option<&RecordState>, change: Incoming<'_>, version: i64) -> Merged {
    let mut state = current.cloned().unwrap_or_default();
    let base = change.base.unwrap_or(0);
    let foreign_since_base =
        |s: &Stamp| s.version > base && s.device != change.device && s.version > 0;

    let mut conflicts = Vec::new();
    let mut applied = Vec::new();
    for (field, value) in change.fields {
        let stamp = state.stamps.get(field).cloned();
        let wins = stamp.as_ref().is_none_or(|s| change.hlc > &s.hlc);
        if let Some(s) = &stamp {
            let theirs = state.fields.get(field).cloned().unwrap_or(Value::Null);
            if !is_bookkeeping(field) && foreign_since_base(s) && theirs != *value {
                conflicts.push(FieldConflict {
                    field: field.clone(),
                    theirs,
                    theirs_stamp: s.clone(),
                    mine: value.clone(),
                    kept: if wins { Side::Mine } else { Side::Theirs },
                });
            }
        }
        if wins {
            state.fields.insert(field.clone(), value.clone());
            state.stamps.insert(
                field.clone(),
                Stamp {
                    version,
                    hlc: change.hlc.clone(),
                    device: change.device.to_string(),
                },
            );
            applied.push(field.clone());
        }
    }
    let edits_anything = change.fields.keys().any(|f| !is_bookkeeping(f));
    let class = if !conflicts.is_empty() {
        Class::Conflict { fields: conflicts }
    } else if !edits_anything {
        Class::Clean
    } else {
        let others: Vec<String> = state
            .stamps
            .iter()
            .filter(|(f, s)| {
                !is_bookkeeping(f) && !change.fields.contains_key(*f) && foreign_since_base(s)
            })
            .map(|(f, _)| f.clone())
            .collect();
        if others.is_empty() {
            Class::Clean
        } else {
            Class::ParallelUpdate { fields: others }
        }
    };
    if !applied.is_empty() {
        state.version = version;
    }
    Merged {
        state,
        class,
        applied,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn hlc(ms: u64, node: &str) -> Hlc {
        Hlc {
            millis: ms,
            counter: 0,
            node: node.into(),
        }
    }

    fn fields(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    fn apply(
        state: Option<&RecordState>,
        dev: &str,
        ms: u64,
        base: Option<i64>,
        v: Value,
        version: i64,
    ) -> Merged {
        let f = fields(v);
        merge(
            state,
            Incoming {
                device: dev,
                hlc: &hlc(ms, dev),
                base,
                fields: &f,
            },
            version,
        )
    }

    #[test]
    fn a_new_record_is_clean_and_stamped() {
        let m = apply(None, "a", 10, None, json!({"name": "HTX", "phone": "1"}), 1);
        assert_eq!(m.class, Class::Clean);
        assert_eq!(m.state.version, 1);
        assert_eq!(m.state.fields["name"], "HTX");
        assert_eq!(m.state.stamps["phone"].device, "a");
    }

    #[test]
    fn different_fields_since_the_common_version_are_a_parallel_update_and_both_kept() {
        let v1 = apply(None, "a", 10, None, json!({"name": "HTX", "phone": "1"}), 1).state;
        let v2 = apply(Some(&v1), "a", 20, Some(1), json!({"phone": "2"}), 2).state;
        let m = apply(Some(&v2), "b", 15, Some(1), json!({"name": "HTX Chè"}), 3);
        assert_eq!(
            m.class,
            Class::ParallelUpdate {
                fields: vec!["phone".into()]
            }
        );
        assert_eq!(m.state.fields["phone"], "2");
        assert_eq!(m.state.fields["name"], "HTX Chè");
    }

    #[test]
    fn the_same_field_since_the_common_version_is_a_conflict_won_by_the_later_clock() {
        let v1 = apply(None, "a", 10, None, json!({"name": "HTX"}), 1).state;
        let v2 = apply(Some(&v1), "a", 30, Some(1), json!({"name": "A's name"}), 2).state;
        // b edited earlier (by clock) but arrives later: flagged, and a's value stays.
        let m = apply(Some(&v2), "b", 20, Some(1), json!({"name": "B's name"}), 3);
        let Class::Conflict { fields } = &m.class else {
            panic!("{:?}", m.class)
        };
        assert_eq!(fields[0].field, "name");
        assert_eq!(fields[0].theirs, "A's name");
        assert_eq!(fields[0].mine, "B's name");
        assert_eq!(fields[0].kept, Side::Theirs);
        assert_eq!(m.state.fields["name"], "A's name");
        assert!(m.applied.is_empty());
        assert_eq!(m.state.version, 2, "nothing applied, the version stays");
    }

    #[test]
    fn the_same_value_from_two_devices_is_no_conflict() {
        let v1 = apply(None, "a", 10, None, json!({"name": "X"}), 1).state;
        let v2 = apply(Some(&v1), "a", 20, Some(1), json!({"name": "Y"}), 2).state;
        let m = apply(Some(&v2), "b", 25, Some(1), json!({"name": "Y"}), 3);
        assert_eq!(m.class, Class::Clean);
    }

    #[test]
    fn a_device_never_conflicts_with_its_own_earlier_changes() {
        let v1 = apply(None, "a", 10, None, json!({"name": "X"}), 1).state;
        let v2 = apply(Some(&v1), "a", 20, None, json!({"name": "Y"}), 2).state;
        let m = apply(Some(&v2), "a", 30, None, json!({"name": "Z"}), 3);
        assert_eq!(m.class, Class::Clean);
        assert_eq!(m.state.fields["name"], "Z");
    }

    #[test]
    fn bookkeeping_fields_follow_the_winner_without_a_flag() {
        let v1 = apply(
            None,
            "a",
            10,
            None,
            json!({"name": "X", "updated_at": "t1"}),
            1,
        )
        .state;
        let m = apply(Some(&v1), "b", 20, Some(0), json!({"updated_at": "t2"}), 2);
        assert_eq!(m.class, Class::Clean);
        assert_eq!(m.state.fields["updated_at"], "t2");
    }

    proptest! {
        /// Whatever order the changes arrive in, every field holds the value of the change with
        /// the latest clock reading that touched it.
        #[test]
        fn values_do_not_depend_on_arrival_order(
            changes in prop::collection::vec((0u8..3, 0u64..50, 0u8..4, 0u8..5), 1..12),
            seed in any::<u64>(),
        ) {
            // A device never gives two changes the same reading: the index makes each unique.
            let make = |(i, (dev, ms, field, value)): (usize, (u8, u64, u8, u8))| {
                let h = Hlc { millis: ms, counter: i as u32, node: format!("d{dev}") };
                (format!("d{dev}"), h, format!("f{field}"), json!(value))
            };
            let changes: Vec<_> = changes.into_iter().enumerate().map(make).collect();
            let mut order: Vec<usize> = (0..changes.len()).collect();
            // A deterministic shuffle from the seed.
            let mut s = seed;
            for i in (1..order.len()).rev() {
                s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                order.swap(i, (s >> 33) as usize % (i + 1));
            }
            let run = |order: &[usize]| {
                let mut state: Option<RecordState> = None;
                for (n, &i) in order.iter().enumerate() {
                    let (dev, h, field, value) = &changes[i];
                    let mut f = Map::new();
                    f.insert(field.clone(), value.clone());
                    let m = merge(state.as_ref(), Incoming { device: dev, hlc: h, base: None, fields: &f }, n as i64 + 1);
                    state = Some(m.state);
                }
                state.unwrap().fields
            };
            let straight: Vec<usize> = (0..changes.len()).collect();
            prop_assert_eq!(run(&straight), run(&order));
        }
    }
}
