//! A generated province for the store's benchmarks and tests: producers (as a CSV for
//! `import_producers_csv`), products (direct SQL inserts, numbered as the store numbers them)
//! and dossiers taken through the workflow by the store's own functions. Deterministic: the same
//! seed builds the same province.
//!
//! Shared by `benches/province.rs` and `tests/workflow.rs` (`#[path]` includes; each uses part).

use ocop_domain::codes::{product_code, PROVINCE_CODE};
use ocop_domain::model::{Dossier, DOSSIER_STATUSES, PRODUCT_STATUSES};
use ocop_domain::text::{fold, name_key};
use ocop_domain::workflow::{History, StepInput};
use ocop_store::Store;
use std::collections::{HashMap, HashSet};

/// Errors of the generator.
pub type Res<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// Deterministic pseudo-random numbers (xorshift64*), so every run builds the same province.
pub struct Rng(pub u64);
impl Rng {
    /// The next number.
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// A number below `n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// One of `v`.
    pub fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len())]
    }
}

const PLACES: &[&str] = &[
    "Tân Cương",
    "Phúc Xuân",
    "Phúc Trìu",
    "La Bằng",
    "Trại Cài",
    "Khe Cốc",
    "Văn Hán",
    "Định Hóa",
    "Phú Lương",
    "Đại Từ",
    "Đồng Hỷ",
    "Võ Nhai",
    "Phổ Yên",
    "Sông Công",
    "Hóa Thượng",
    "Bàn Đạt",
    "Tức Tranh",
    "Yên Đổ",
    "Điềm Mặc",
    "Bảo Cường",
    "Quân Chu",
    "Vạn Phái",
    "Thành Công",
    "Nga My",
    "Úc Kỳ",
    "Lương Phú",
    "Kha Sơn",
    "Tân Khánh",
    "Sơn Phú",
    "Hợp Tiến",
    "Bình Long",
    "Ba Bể",
    "Chợ Đồn",
    "Na Rì",
    "Pác Nặm",
    "Ngân Sơn",
    "Bạch Thông",
    "Chợ Mới",
    "Nậm Mẫu",
    "Đồng Phúc",
];
const GOODS: &[&str] = &[
    "Chè",
    "Chè xanh",
    "Trà",
    "Miến dong",
    "Mật ong",
    "Gạo nếp",
    "Gạo bao thai",
    "Nấm",
    "Rượu men lá",
    "Bánh chưng",
    "Bánh gai",
    "Tương nếp",
    "Cam sành",
    "Na",
    "Bưởi",
    "Vải",
    "Miến",
    "Măng khô",
    "Thịt trâu sấy",
    "Lạp sườn",
    "Gà đồi",
    "Dầu sở",
    "Mây tre đan",
    "Thổ cẩm",
    "Tinh dầu quế",
    "Dược liệu",
    "Ba kích",
    "Hồng không hạt",
    "Khẩu xli",
    "Phở khô",
];
const SURNAMES: &[&str] = &[
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
    "Dương", "Lý", "Ma", "Nông", "Lục", "Triệu",
];
const MIDDLE: &[&str] = &["Văn", "Thị", "Đức", "Minh", "Thanh", "Ngọc", "Hữu", "Quang"];
const GIVEN: &[&str] = &[
    "An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiền", "Hoa", "Hùng", "Hương",
    "Huyền", "Khánh", "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Ngân", "Oanh", "Phúc", "Phương",
    "Quý", "Sơn", "Tâm", "Thảo", "Thắng", "Thủy", "Tiến", "Trang", "Trung", "Tuấn", "Uyên", "Vân",
    "Việt", "Xuân", "Yến", "Đạt",
];
const SUFFIX: &[&str] = &[
    "",
    " đặc biệt",
    " hộp 500g",
    " túi 1kg",
    " loại 1",
    " thượng hạng",
    " sấy khô",
    " truyền thống",
];

/// A generated CSV of producers.
pub struct Gen {
    /// The CSV, as `import_producers_csv` reads it.
    pub csv: String,
    /// Folded names of the generated producers, in CSV order.
    pub folded: Vec<String>,
}

/// A CSV of `n` distinct producers (no two with the same tax code, or the same name without
/// type words in one commune, so all of them are imported).
pub fn producers_csv(n: usize, communes: &[String], rng: &mut Rng) -> Gen {
    let mut csv = String::from("name,type,tax_code,commune_code,address,phone,representative\n");
    let mut seen: HashSet<(usize, String)> = HashSet::new();
    let mut folded = Vec::with_capacity(n);
    let mut i = 0usize;
    while folded.len() < n {
        i += 1;
        let c = rng.below(communes.len());
        let person = format!(
            "{} {} {}",
            rng.pick(SURNAMES),
            rng.pick(MIDDLE),
            rng.pick(GIVEN)
        );
        let (name, ptype, tax) = match rng.below(10) {
            0..=2 => (
                format!(
                    "{} {} {}",
                    if rng.below(2) == 0 {
                        "HTX"
                    } else {
                        "Hợp tác xã"
                    },
                    rng.pick(GOODS),
                    rng.pick(PLACES)
                ),
                "Hợp tác xã",
                true,
            ),
            3 => (
                format!("Tổ hợp tác {} {}", rng.pick(GOODS), rng.pick(PLACES)),
                "Tổ hợp tác",
                false,
            ),
            4 | 5 => (
                format!("Công ty TNHH {} {}", rng.pick(GOODS), rng.pick(PLACES)),
                "Công ty TNHH",
                true,
            ),
            6 => (format!("Trang trại {person}"), "Trang trại", false),
            7 => (format!("Hộ sản xuất {person}"), "Hộ sản xuất", false),
            _ => (
                format!("Hộ kinh doanh {person}"),
                "Hộ kinh doanh",
                rng.below(2) == 0,
            ),
        };
        if !seen.insert((c, name_key(&name))) {
            continue;
        }
        let tax = if tax {
            format!("{:010}", 4_600_000_000u64 + i as u64)
        } else {
            String::new()
        };
        csv.push_str(&format!(
            "{name},{ptype},{tax},{},\"Xóm {}, {}\",09{:08},{person}\n",
            communes[c],
            rng.below(30) + 1,
            rng.pick(PLACES),
            rng.below(100_000_000),
        ));
        folded.push(fold(&name));
    }
    Gen { csv, folded }
}

/// Adds `n` products with direct SQL inserts in one transaction (this setup is not measured):
/// each belongs to a producer of its commune, with all 26 product sets, the 7 statuses and code
/// years 2019–2026, numbered per commune as the store numbers them.
pub async fn add_products(store: &Store, n: usize, rng: &mut Rng) -> Res<()> {
    let producers: Vec<(String, String, String, String)> =
        sqlx::query_as("SELECT id, commune_code, commune_name, name FROM producers")
            .fetch_all(store.pool())
            .await?;
    let device = store.device_id().to_string();
    let now = "2026-11-01T08:00:00.000Z";
    let mut stt: HashMap<String, i64> = HashMap::new();
    let mut tx = store.pool().begin().await?;
    for _ in 0..n {
        let (pid, commune, commune_name, producer_name) = &producers[rng.below(producers.len())];
        let name = format!(
            "{} {}{}",
            rng.pick(GOODS),
            rng.pick(PLACES),
            rng.pick(SUFFIX)
        );
        let set = (rng.below(26) + 1) as i64;
        let status = PRODUCT_STATUSES[rng.below(PRODUCT_STATUSES.len())];
        let year = 2019 + rng.below(8) as i32;
        let n = stt.entry(commune.clone()).or_insert(0);
        *n += 1;
        let code = product_code(PROVINCE_CODE, commune, *n, year);
        sqlx::query(
            "INSERT INTO products (id, producer_id, name, product_set, code, stt, code_year, \
             commune_code, commune_name, status, search_text, sort_name, created_at, updated_at, \
             device_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(pid)
        .bind(&name)
        .bind(set)
        .bind(&code)
        .bind(*n)
        .bind(year)
        .bind(commune)
        .bind(commune_name)
        .bind(status)
        .bind(fold(&format!(
            "{name} {code} {commune_name} {producer_name}"
        )))
        .bind(fold(&name))
        .bind(now)
        .bind(now)
        .bind(&device)
        .execute(&mut *tx)
        .await?;
    }
    for (c, last) in &stt {
        sqlx::query(
            "INSERT INTO commune_counters (series, commune_code, year, last) VALUES ('product', ?, 0, ?)",
        )
        .bind(c)
        .bind(last)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// What [`add_dossiers`] did, for checking the store against it.
#[derive(Debug, Default)]
pub struct Walks {
    /// Dossier id → (the status typed on Form 01, the steps recorded and not withdrawn).
    pub dossiers: HashMap<String, (String, Vec<String>)>,
    /// Steps recorded, withdrawals included.
    pub steps: usize,
    /// Steps withdrawn.
    pub withdrawn: usize,
    /// Dossiers deleted (tombstones).
    pub deleted: usize,
}

/// Adds `n` dossiers of random products through the store's own functions: a status typed on
/// Form 01 (mostly `draft`, some typed in mid-procedure), a commune receipt date on most, then
/// a random walk through the workflow (each step one the rules allow next, dated on or after
/// the previous one and not after `today`), with now and then a step withdrawn, Form 01 saved
/// again, or the dossier deleted.
pub async fn add_dossiers(store: &Store, n: usize, today: time::Date, rng: &mut Rng) -> Res<Walks> {
    let products: Vec<String> =
        sqlx::query_scalar("SELECT id FROM products WHERE deleted_at IS NULL ORDER BY rowid")
            .fetch_all(store.pool())
            .await?;
    let mut walks = Walks::default();
    let first = today - time::Duration::days(300);
    for _ in 0..n {
        let typed = if rng.below(3) == 0 {
            *rng.pick(&DOSSIER_STATUSES)
        } else {
            "draft"
        };
        let mut day = first + time::Duration::days(rng.below(200) as i64);
        let received =
            (typed != "draft" || rng.below(2) == 0).then(|| ocop_domain::calendar::iso(day));
        let mut d = store
            .dossier_save(&Dossier {
                product_id: rng.pick(&products).clone(),
                dossier_type: "lan_dau".into(),
                year: day.year(),
                commune_received_date: received,
                status: typed.into(),
                ..Default::default()
            })
            .await?;
        let id = d.id.clone().expect("saved");
        let mut steps: Vec<String> = vec![];
        for _ in 0..rng.below(9) {
            if !steps.is_empty() && rng.below(6) == 0 {
                d = store.dossier_step_withdraw(&id).await?;
                steps.pop();
                walks.withdrawn += 1;
                continue;
            }
            let next = History::new(typed, &steps).next_steps();
            if next.is_empty() {
                break;
            }
            let step = *rng.pick(&next);
            day = (day + time::Duration::days(rng.below(12) as i64)).min(today);
            d = store
                .dossier_step_add(
                    &id,
                    &StepInput {
                        step: step.into(),
                        date: ocop_domain::calendar::iso(day),
                        person: format!(
                            "{} {} {}",
                            rng.pick(SURNAMES),
                            rng.pick(MIDDLE),
                            rng.pick(GIVEN)
                        ),
                        note: (step == "returned").then(|| "Thiếu phiếu kiểm nghiệm.".to_string()),
                        ..Default::default()
                    },
                )
                .await?;
            steps.push(step.to_string());
            walks.steps += 1;
        }
        if rng.below(4) == 0 {
            // Form 01 saved again as the form sends it: with the status it shows.
            d.form02.history = format!("Thành lập năm {}.", 2000 + rng.below(25));
            store.dossier_save(&d).await?;
        }
        if rng.below(10) == 0 {
            store.dossier_delete(&id).await?;
            walks.deleted += 1;
        }
        walks.dossiers.insert(id, (typed.to_string(), steps));
    }
    Ok(walks)
}
