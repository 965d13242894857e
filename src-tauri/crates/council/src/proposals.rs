//! The council's proposals in its minutes (Art. 7.3.đ–e of 26/2026): which results the
//! provincial chairman is asked to recognise, which are forwarded to the ministry, and which
//! are not proposed. Who recognises which star is data: `recognition` and
//! `recognised_from_star` in each basis's `basis.json`.

use ocop_rating::{Catalog, ProductResult};
use serde::Serialize;

/// What the council proposes for one result.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Proposal {
    /// The provincial chairman recognises and certifies the star.
    Recognise {
        /// The star.
        star: u8,
    },
    /// The chairman approves the result and forwards it to the ministry for the star.
    Forward {
        /// The star only the ministry recognises.
        star: u8,
        /// The least mean forwarded (whole points).
        min_mean: u32,
        /// The ministry.
        ministry: String,
    },
    /// Below the lowest recognised star: not proposed.
    NotRecognised {
        /// The lowest recognised star.
        from_star: u8,
    },
}

impl Proposal {
    /// The order of the lines in the minutes: recognitions by star, forwards, then the rest.
    fn rank(&self) -> (u8, u8) {
        match self {
            Proposal::Recognise { star } => (0, *star),
            Proposal::Forward { star, .. } => (1, *star),
            Proposal::NotRecognised { .. } => (2, 0),
        }
    }

    /// The proposal's line of the minutes, naming `products`.
    pub fn message_vi(&self, products: &[String]) -> String {
        let list = products.join("; ");
        match self {
            Proposal::Recognise { star } => format!(
                "Đề nghị Chủ tịch UBND tỉnh công nhận và cấp Giấy chứng nhận sản phẩm OCOP đạt {star} sao: {list}."
            ),
            Proposal::Forward {
                star,
                min_mean,
                ministry,
            } => format!(
                "Đề nghị Chủ tịch UBND tỉnh phê duyệt kết quả và gửi {ministry} đánh giá, công nhận sản phẩm OCOP {star} sao (điểm từ {min_mean} trở lên, đạt các chỉ tiêu tối thiểu của {star} sao): {list}."
            ),
            Proposal::NotRecognised { from_star } => format!(
                "Các sản phẩm chưa đạt hạng {from_star} sao, không đề nghị công nhận: {list}."
            ),
        }
    }
}

/// What the council proposes for `result`, from its basis's data; `None` when the data says
/// nothing for it (an unknown basis, or no `recognition`).
pub fn proposal_for(catalog: &Catalog, result: &ProductResult) -> Option<Proposal> {
    let basis = &catalog.basis(&result.basis)?.basis;
    if !result.recognised {
        return Some(Proposal::NotRecognised {
            from_star: basis.recognised_from_star,
        });
    }
    let r = basis.recognition.as_ref()?;
    let least = u64::from(r.ministry_min_mean) * 10u64.pow(result.decimals);
    // A candidate for the ministry's star needs the mean and that star itself (every minimum
    // of it met): a result capped below stays with the province.
    if result.star == r.ministry_star && result.mean_scaled >= least {
        return Some(Proposal::Forward {
            star: r.ministry_star,
            min_mean: r.ministry_min_mean,
            ministry: r.ministry.clone(),
        });
    }
    r.province_stars
        .contains(&result.star)
        .then_some(Proposal::Recognise { star: result.star })
}

/// One line of the minutes' proposals: a proposal and the products it names, in the order given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProposalLine {
    /// What is proposed.
    pub proposal: Proposal,
    /// The products.
    pub products: Vec<String>,
}

impl ProposalLine {
    /// The line as printed.
    pub fn message_vi(&self) -> String {
        self.proposal.message_vi(&self.products)
    }
}

/// The proposals for products' results (`(product name, result)`), one line per proposal, in
/// the minutes' order.
pub fn proposals<'a>(
    catalog: &Catalog,
    results: impl IntoIterator<Item = (&'a str, &'a ProductResult)>,
) -> Vec<ProposalLine> {
    let mut lines: Vec<ProposalLine> = Vec::new();
    for (name, result) in results {
        let Some(p) = proposal_for(catalog, result) else {
            continue;
        };
        match lines.iter_mut().find(|l| l.proposal == p) {
            Some(line) => line.products.push(name.to_string()),
            None => lines.push(ProposalLine {
                proposal: p,
                products: vec![name.to_string()],
            }),
        }
    }
    lines.sort_by_key(|l| l.proposal.rank());
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use ocop_rating::{CouncilRules, MemberTotals};

    /// A 148-era result of three paper sheets with these A parts and star caps.
    fn result(a: [u32; 3], cap: u8) -> ProductResult {
        let sheets: Vec<_> = a
            .iter()
            .enumerate()
            .map(|(i, &a)| {
                MemberTotals {
                    member: format!("m{i}"),
                    parts: [("A", a), ("B", 25), ("C", 35)]
                        .map(|(k, v)| (k.to_string(), v))
                        .into(),
                    star_cap: cap,
                }
                .to_sheet()
            })
            .collect();
        Catalog::builtin()
            .unwrap()
            .scoring("148/QĐ-TTg", 11)
            .unwrap()
            .score(11, &CouncilRules::default(), &[], &sheets)
            .unwrap()
    }

    #[test]
    fn each_result_gets_its_proposal_from_the_data() {
        let catalog = Catalog::builtin().unwrap();
        let five = result([32, 31, 30], 5); // 91: 5 stars
        let capped = result([32, 31, 30], 4); // 91 capped at 4 stars
        let four = result([20, 20, 20], 5); // 80: 4 stars
        let two = result([0, 0, 0], 5); // 60: 3 stars
        assert_eq!(
            proposal_for(catalog, &five),
            Some(Proposal::Forward {
                star: 5,
                min_mean: 90,
                ministry: "Bộ Nông nghiệp và Môi trường".into()
            })
        );
        assert_eq!(
            proposal_for(catalog, &capped),
            Some(Proposal::Recognise { star: 4 })
        );
        assert_eq!(
            proposal_for(catalog, &four),
            Some(Proposal::Recognise { star: 4 })
        );
        assert_eq!(
            proposal_for(catalog, &two),
            Some(Proposal::Recognise { star: 3 })
        );
        let mut low = two.clone();
        low.star = 2;
        low.recognised = false;
        assert_eq!(
            proposal_for(catalog, &low),
            Some(Proposal::NotRecognised { from_star: 3 })
        );
        let mut unknown = five.clone();
        unknown.basis = "1/2000/QĐ-TTg".into();
        assert_eq!(proposal_for(catalog, &unknown), None);
    }

    #[test]
    fn the_minutes_list_one_line_per_proposal_in_order() {
        let catalog = Catalog::builtin().unwrap();
        let five = result([32, 31, 30], 5);
        let four = result([20, 20, 20], 5);
        let mut low = result([0, 0, 0], 5);
        low.star = 2;
        low.recognised = false;
        let lines: Vec<String> = proposals(
            catalog,
            [("A", &low), ("B", &five), ("C", &four), ("D", &four)],
        )
        .iter()
        .map(ProposalLine::message_vi)
        .collect();
        assert_eq!(
            lines,
            [
                "Đề nghị Chủ tịch UBND tỉnh công nhận và cấp Giấy chứng nhận sản phẩm OCOP đạt 4 sao: C; D.",
                "Đề nghị Chủ tịch UBND tỉnh phê duyệt kết quả và gửi Bộ Nông nghiệp và Môi trường đánh giá, công nhận sản phẩm OCOP 5 sao (điểm từ 90 trở lên, đạt các chỉ tiêu tối thiểu của 5 sao): B.",
                "Các sản phẩm chưa đạt hạng 3 sao, không đề nghị công nhận: A.",
            ]
        );
    }
}
