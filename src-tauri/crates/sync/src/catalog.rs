//! The table catalogue: which tables travel between laptops and servers, their columns, the
//! records each one refers to, and how a record's administrative scope is found. The one place
//! that says what a record is on the wire: the store writes and applies rows by it, and the server
//! validates every pushed change against it.
//!
//! Derived values never travel (a producer's search text and tax key, a unit's name, a dossier's
//! status cache): each side derives them from the columns listed here.

/// How a column's value is written in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A string.
    Text,
    /// A whole number.
    Integer,
    /// A number.
    Real,
    /// `true`/`false` (stored as 0/1 in SQLite).
    Bool,
    /// A JSON object or array (stored as text in SQLite).
    Json,
}

/// One synced column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// Its name, the same in every database and on the wire.
    pub name: &'static str,
    /// Its JSON kind.
    pub kind: Kind,
    /// Whether `null` is allowed.
    pub nullable: bool,
}

/// A column that refers to a record of another table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parent {
    /// The referring column.
    pub column: &'static str,
    /// The table referred to. `None` when the table is named by another column of the row
    /// (`attachments.owner_id`, named by `owner_table`).
    pub table: Option<&'static str>,
}

/// Where a record's administrative scope comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    /// The row's own commune column.
    Commune(&'static str),
    /// The scope of the record named by this parent column.
    Parent(&'static str),
    /// The row is a council (its own id names it).
    CouncilItself,
    /// The council named by this column.
    Council(&'static str),
    /// The server's own records (conflict flags): province accounts only.
    Server,
}

/// One table that travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Table {
    /// The table's name.
    pub name: &'static str,
    /// Its synced columns, `id` first.
    pub columns: &'static [Column],
    /// The records it refers to.
    pub parents: &'static [Parent],
    /// Where its scope comes from.
    pub owner: Owner,
    /// Apply order: a table's parents have a lower rank, so a page sorted by rank applies
    /// parents first.
    pub rank: u8,
}

impl Table {
    /// The column named `name`.
    pub fn column(&self, name: &str) -> Option<&'static Column> {
        self.columns.iter().find(|c| c.name == name)
    }
}

const fn text(name: &'static str) -> Column {
    Column {
        name,
        kind: Kind::Text,
        nullable: false,
    }
}
const fn text_opt(name: &'static str) -> Column {
    Column {
        name,
        kind: Kind::Text,
        nullable: true,
    }
}
const fn int(name: &'static str) -> Column {
    Column {
        name,
        kind: Kind::Integer,
        nullable: false,
    }
}
const fn int_opt(name: &'static str) -> Column {
    Column {
        name,
        kind: Kind::Integer,
        nullable: true,
    }
}
const fn real_opt(name: &'static str) -> Column {
    Column {
        name,
        kind: Kind::Real,
        nullable: true,
    }
}
const fn boolean(name: &'static str) -> Column {
    Column {
        name,
        kind: Kind::Bool,
        nullable: false,
    }
}
const fn json(name: &'static str) -> Column {
    Column {
        name,
        kind: Kind::Json,
        nullable: false,
    }
}
const fn json_opt(name: &'static str) -> Column {
    Column {
        name,
        kind: Kind::Json,
        nullable: true,
    }
}
const fn parent(column: &'static str, table: &'static str) -> Parent {
    Parent {
        column,
        table: Some(table),
    }
}

const ID: Column = text("id");
const CREATED: Column = text("created_at");
const UPDATED: Column = text("updated_at");
const DEVICE: Column = text("device_id");
const DELETED: Column = text_opt("deleted_at");

/// Every table that travels, parents before children.
pub static TABLES: &[Table] = &[
    Table {
        name: "producers",
        columns: &[
            ID,
            text("name"),
            text("producer_type"),
            real_opt("local_capital_share"),
            text_opt("registration_number"),
            text_opt("registration_date"),
            text_opt("tax_code"),
            text("commune_code"),
            text_opt("address"),
            text_opt("phone"),
            text_opt("email"),
            text_opt("website"),
            text_opt("rep_name"),
            text_opt("rep_position"),
            text_opt("rep_sex"),
            text_opt("rep_ethnicity"),
            boolean("rep_disability"),
            text_opt("rep_residence"),
            int_opt("workers_total"),
            real_opt("workers_local_pct"),
            boolean("archived"),
            CREATED,
            UPDATED,
            DEVICE,
            DELETED,
        ],
        parents: &[],
        owner: Owner::Commune("commune_code"),
        rank: 0,
    },
    Table {
        name: "products",
        columns: &[
            ID,
            text("producer_id"),
            text("name"),
            text_opt("description"),
            text_opt("specification"),
            text_opt("standard"),
            int_opt("product_set"),
            text("code"),
            int("stt"),
            int("code_year"),
            text("commune_code"),
            text("status"),
            text_opt("legacy_code"),
            CREATED,
            UPDATED,
            DEVICE,
            DELETED,
        ],
        parents: &[parent("producer_id", "producers")],
        owner: Owner::Commune("commune_code"),
        rank: 1,
    },
    Table {
        name: "product_status_history",
        columns: &[
            ID,
            text("product_id"),
            text("status"),
            text("at"),
            text_opt("note"),
            UPDATED,
            DEVICE,
            DELETED,
        ],
        parents: &[parent("product_id", "products")],
        owner: Owner::Parent("product_id"),
        rank: 2,
    },
    Table {
        name: "dossiers",
        columns: &[
            ID,
            text("product_id"),
            text("dossier_type"),
            int("year"),
            text_opt("slip_number"),
            text_opt("commune_received_date"),
            text_opt("province_received_date"),
            json("form02"),
            json("form03"),
            CREATED,
            UPDATED,
            DEVICE,
            DELETED,
        ],
        parents: &[parent("product_id", "products")],
        owner: Owner::Parent("product_id"),
        rank: 2,
    },
    Table {
        name: "attachments",
        columns: &[
            ID,
            text("owner_table"),
            text("owner_id"),
            text("hash"),
            text("file_name"),
            text("mime"),
            int("size"),
            text("kind"),
            text("added_at"),
            UPDATED,
            DEVICE,
            DELETED,
        ],
        parents: &[Parent {
            column: "owner_id",
            table: None,
        }],
        owner: Owner::Parent("owner_id"),
        rank: 3,
    },
    Table {
        name: "dossier_steps",
        columns: &[
            ID,
            text("dossier_id"),
            text("step"),
            text("date"),
            text("person"),
            text_opt("role"),
            text_opt("note"),
            json_opt("details"),
            CREATED,
            UPDATED,
            DEVICE,
            DELETED,
        ],
        parents: &[parent("dossier_id", "dossiers")],
        owner: Owner::Parent("dossier_id"),
        rank: 3,
    },
    Table {
        name: "self_assessments",
        columns: &[
            ID,
            text("dossier_id"),
            text("basis"),
            int("set_no"),
            int_opt("case_no"),
            json("choices"),
            CREATED,
            UPDATED,
            DEVICE,
            DELETED,
        ],
        parents: &[parent("dossier_id", "dossiers")],
        owner: Owner::Parent("dossier_id"),
        rank: 3,
    },
    Table {
        name: "councils",
        columns: &[
            ID,
            text("name"),
            text("level"),
            text_opt("unit_code"),
            text("decision_number"),
            text("decision_date"),
            json("rules"),
            CREATED,
            UPDATED,
            DEVICE,
            DELETED,
        ],
        parents: &[],
        owner: Owner::CouncilItself,
        rank: 0,
    },
    Table {
        name: "council_members",
        columns: &[
            ID,
            text("council_id"),
            text("name"),
            text("agency"),
            text("role"),
            boolean("scores"),
            int("ordinal"),
            CREATED,
            UPDATED,
            DEVICE,
            DELETED,
        ],
        parents: &[parent("council_id", "councils")],
        owner: Owner::Council("council_id"),
        rank: 1,
    },
    Table {
        name: "council_sessions",
        columns: &[
            ID,
            text("council_id"),
            text("title"),
            text("date"),
            text_opt("time"),
            text("place"),
            text("mode"),
            json("rules"),
            CREATED,
            UPDATED,
            DEVICE,
            DELETED,
        ],
        parents: &[parent("council_id", "councils")],
        owner: Owner::Council("council_id"),
        rank: 1,
    },
    Table {
        name: "session_attendance",
        columns: &[
            ID,
            text("session_id"),
            text("member_id"),
            boolean("present"),
            UPDATED,
            DEVICE,
        ],
        parents: &[
            parent("session_id", "council_sessions"),
            parent("member_id", "council_members"),
        ],
        owner: Owner::Parent("session_id"),
        rank: 2,
    },
    Table {
        name: "agenda_items",
        columns: &[
            ID,
            text("session_id"),
            text("dossier_id"),
            int("ordinal"),
            text("basis"),
            int("product_set"),
            json("disqualified"),
            int("round"),
            int("revealed_round"),
            boolean("locked"),
            json_opt("result"),
            text_opt("result_hash"),
            CREATED,
            UPDATED,
            DEVICE,
            DELETED,
        ],
        parents: &[
            parent("session_id", "council_sessions"),
            parent("dossier_id", "dossiers"),
        ],
        owner: Owner::Parent("session_id"),
        rank: 4,
    },
    Table {
        name: "agenda_conflicts",
        columns: &[
            ID,
            text("agenda_item_id"),
            text("member_id"),
            text("reason"),
            UPDATED,
            DEVICE,
            DELETED,
        ],
        parents: &[
            parent("agenda_item_id", "agenda_items"),
            parent("member_id", "council_members"),
        ],
        owner: Owner::Parent("agenda_item_id"),
        rank: 5,
    },
    Table {
        name: "score_sheets",
        columns: &[
            ID,
            text("agenda_item_id"),
            text("member_id"),
            int("round"),
            json("choices"),
            int_opt("case_no"),
            text("comments"),
            text("entered_by"),
            CREATED,
            UPDATED,
            DEVICE,
        ],
        parents: &[
            parent("agenda_item_id", "agenda_items"),
            parent("member_id", "council_members"),
        ],
        owner: Owner::Parent("agenda_item_id"),
        rank: 5,
    },
    Table {
        name: "result_events",
        columns: &[
            ID,
            text("agenda_item_id"),
            text("kind"),
            int("round"),
            text_opt("by_member_id"),
            text("by_name"),
            text("reason"),
            json_opt("payload"),
            text("at"),
            UPDATED,
            DEVICE,
        ],
        parents: &[parent("agenda_item_id", "agenda_items")],
        owner: Owner::Parent("agenda_item_id"),
        rank: 5,
    },
    Table {
        name: "certificates",
        columns: &[
            ID,
            text("number"),
            text("issuer_id"),
            text("key_id"),
            int("seq"),
            int("year"),
            text("product_id"),
            text("result_id"),
            text("result_hash"),
            text("score"),
            int("star"),
            text("basis"),
            text("product_set"),
            json("snapshot"),
            text("qr_text"),
            text("short_code"),
            text("issue_date"),
            text("valid_until"),
            text("decision_number"),
            text("decision_date"),
            text("signer_title"),
            text("signer_name"),
            text_opt("revocation_number"),
            text_opt("revocation_date"),
            text_opt("revocation_ground"),
            text_opt("extended_until"),
            text_opt("extension_note"),
            text_opt("superseded_by"),
            CREATED,
            UPDATED,
            DEVICE,
            DELETED,
        ],
        parents: &[parent("product_id", "products")],
        owner: Owner::Parent("product_id"),
        rank: 6,
    },
    Table {
        name: "sync_conflicts",
        columns: &[
            ID,
            text("table_name"),
            text("row_id"),
            text("kind"),
            json("fields"),
            CREATED,
            text_opt("resolved_at"),
            text_opt("resolved_by"),
            json_opt("resolution"),
            UPDATED,
            DEVICE,
        ],
        parents: &[],
        owner: Owner::Server,
        rank: 7,
    },
];

/// The table named `name`, if it travels.
pub fn table(name: &str) -> Option<&'static Table> {
    TABLES.iter().find(|t| t.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_starts_with_id_and_names_each_column_once() {
        for t in TABLES {
            assert_eq!(t.columns[0].name, "id", "{}", t.name);
            let mut names: Vec<_> = t.columns.iter().map(|c| c.name).collect();
            names.sort();
            names.dedup();
            assert_eq!(names.len(), t.columns.len(), "{}", t.name);
        }
    }

    #[test]
    fn parents_rank_before_their_children_and_are_columns() {
        for t in TABLES {
            for p in t.parents {
                assert!(t.column(p.column).is_some(), "{}.{}", t.name, p.column);
                if let Some(pt) = p.table {
                    let parent = table(pt).unwrap_or_else(|| panic!("{pt} is not synced"));
                    assert!(parent.rank < t.rank, "{} ranks after {}", pt, t.name);
                }
            }
            let owner_col = match t.owner {
                Owner::Commune(c) | Owner::Parent(c) | Owner::Council(c) => Some(c),
                Owner::CouncilItself | Owner::Server => None,
            };
            if let Some(c) = owner_col {
                assert!(t.column(c).is_some(), "{}.{}", t.name, c);
            }
        }
    }

    #[test]
    fn derived_values_never_travel() {
        for t in TABLES {
            for derived in ["search_text", "sort_name", "tax_key", "commune_name"] {
                assert!(t.column(derived).is_none(), "{}.{derived}", t.name);
            }
        }
    }
}
