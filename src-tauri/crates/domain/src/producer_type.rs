//! Producer types of 26/2026 Art. 2.3, with the codes used on the wire (`docs/IPC.md`).

use crate::text::fold;
use serde::{Deserialize, Serialize};

/// The kind of organisation a producer is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProducerType {
    /// Hợp tác xã.
    HopTacXa,
    /// Tổ hợp tác.
    ToHopTac,
    /// Doanh nghiệp nhỏ và vừa (with a local capital share).
    DoanhNghiep,
    /// Trang trại.
    TrangTrai,
    /// Hộ sản xuất.
    HoSanXuat,
    /// Hộ gia đình có đăng ký kinh doanh.
    HoKinhDoanh,
    /// Hội, hiệp hội (tourism services only).
    HiepHoi,
    /// Trung tâm điều hành (tourism services only).
    TrungTamDieuHanh,
}

/// A producer type as listed to the UI (`producer_types_list`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProducerTypeInfo {
    /// Wire code, e.g. `hop_tac_xa`.
    pub code: String,
    /// Vietnamese name.
    pub name_vi: String,
    /// English name.
    pub name_en: String,
    /// Whether the type may only register tourism services (set 26).
    pub tourism_only: bool,
}

impl ProducerType {
    /// Every type, in display order.
    pub const ALL: [ProducerType; 8] = [
        Self::HopTacXa,
        Self::ToHopTac,
        Self::DoanhNghiep,
        Self::TrangTrai,
        Self::HoSanXuat,
        Self::HoKinhDoanh,
        Self::HiepHoi,
        Self::TrungTamDieuHanh,
    ];

    /// The wire code.
    pub fn code(self) -> &'static str {
        match self {
            Self::HopTacXa => "hop_tac_xa",
            Self::ToHopTac => "to_hop_tac",
            Self::DoanhNghiep => "doanh_nghiep",
            Self::TrangTrai => "trang_trai",
            Self::HoSanXuat => "ho_san_xuat",
            Self::HoKinhDoanh => "ho_kinh_doanh",
            Self::HiepHoi => "hiep_hoi",
            Self::TrungTamDieuHanh => "trung_tam_dieu_hanh",
        }
    }

    /// The Vietnamese name.
    pub fn name_vi(self) -> &'static str {
        match self {
            Self::HopTacXa => "Hợp tác xã",
            Self::ToHopTac => "Tổ hợp tác",
            Self::DoanhNghiep => "Doanh nghiệp nhỏ và vừa",
            Self::TrangTrai => "Trang trại",
            Self::HoSanXuat => "Hộ sản xuất",
            Self::HoKinhDoanh => "Hộ gia đình có đăng ký kinh doanh",
            Self::HiepHoi => "Hội, hiệp hội",
            Self::TrungTamDieuHanh => "Trung tâm điều hành",
        }
    }

    /// The English name.
    pub fn name_en(self) -> &'static str {
        match self {
            Self::HopTacXa => "Cooperative",
            Self::ToHopTac => "Cooperative group",
            Self::DoanhNghiep => "Small or medium enterprise",
            Self::TrangTrai => "Farm",
            Self::HoSanXuat => "Production household",
            Self::HoKinhDoanh => "Registered household business",
            Self::HiepHoi => "Association (tourism only)",
            Self::TrungTamDieuHanh => "Operating centre (tourism only)",
        }
    }

    /// Whether the type may only register tourism services (Art. 2.3).
    pub fn tourism_only(self) -> bool {
        matches!(self, Self::HiepHoi | Self::TrungTamDieuHanh)
    }

    /// The type with this wire code.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.code() == code)
    }

    /// Matches a free-text Vietnamese type name without regard to case or diacritics, e.g.
    /// "hop tac xa", "HTX", "Doanh nghiệp nhỏ và vừa", "Công ty TNHH"; a wire code also matches.
    pub fn from_name(name: &str) -> Option<Self> {
        if let Some(t) = Self::from_code(name.trim()) {
            return Some(t);
        }
        let f = fold(name);
        let exact = |t: Self| fold(t.name_vi()) == f;
        if let Some(t) = Self::ALL.into_iter().find(|t| exact(*t)) {
            return Some(t);
        }
        let aliases: &[(&str, Self)] = &[
            ("htx", Self::HopTacXa),
            ("hop tac xa", Self::HopTacXa),
            ("tht", Self::ToHopTac),
            ("to hop tac", Self::ToHopTac),
            ("dnnvv", Self::DoanhNghiep),
            ("doanh nghiep", Self::DoanhNghiep),
            ("doanh nghiep tu nhan", Self::DoanhNghiep),
            ("cong ty", Self::DoanhNghiep),
            ("cong ty tnhh", Self::DoanhNghiep),
            ("cong ty co phan", Self::DoanhNghiep),
            ("trang trai", Self::TrangTrai),
            ("ho san xuat", Self::HoSanXuat),
            ("ho kinh doanh", Self::HoKinhDoanh),
            ("ho gia dinh co dkkd", Self::HoKinhDoanh),
            ("ho gia dinh co dang ky kinh doanh", Self::HoKinhDoanh),
            ("hoi", Self::HiepHoi),
            ("hiep hoi", Self::HiepHoi),
            ("hoi hiep hoi", Self::HiepHoi),
            ("trung tam dieu hanh", Self::TrungTamDieuHanh),
        ];
        aliases.iter().find(|(a, _)| *a == f).map(|(_, t)| *t)
    }

    /// The listing shown to the UI.
    pub fn info(self) -> ProducerTypeInfo {
        ProducerTypeInfo {
            code: self.code().into(),
            name_vi: self.name_vi().into(),
            name_en: self.name_en().into(),
            tourism_only: self.tourism_only(),
        }
    }
}

/// Every producer type as listed to the UI.
pub fn producer_types() -> Vec<ProducerTypeInfo> {
    ProducerType::ALL
        .into_iter()
        .map(ProducerType::info)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: Option<ProducerType>) {
        assert_eq!(ProducerType::from_name(input), expected, "{input}");
    }

    #[test]
    fn names_match_without_case_or_diacritics() {
        check("hop tac xa", Some(ProducerType::HopTacXa));
        check("Hợp tác xã", Some(ProducerType::HopTacXa));
        check("HTX", Some(ProducerType::HopTacXa));
        check("Doanh nghiệp nhỏ và vừa", Some(ProducerType::DoanhNghiep));
        check("DOANH NGHIEP NHO VA VUA", Some(ProducerType::DoanhNghiep));
        check("Tổ hợp tác", Some(ProducerType::ToHopTac));
        check("Trang trại", Some(ProducerType::TrangTrai));
        check("Hộ sản xuất", Some(ProducerType::HoSanXuat));
        check(
            "Hộ gia đình có đăng ký kinh doanh",
            Some(ProducerType::HoKinhDoanh),
        );
        check("ho_kinh_doanh", Some(ProducerType::HoKinhDoanh));
        check("Trung tâm điều hành", Some(ProducerType::TrungTamDieuHanh));
        check("Ngân hàng", None);
        check("", None);
    }

    #[test]
    fn codes_round_trip_and_serde_uses_them() {
        for t in ProducerType::ALL {
            assert_eq!(ProducerType::from_code(t.code()), Some(t));
            assert_eq!(
                serde_json::to_value(t).unwrap(),
                serde_json::json!(t.code())
            );
        }
        let list = producer_types();
        assert_eq!(list.len(), 8);
        assert_eq!(list.iter().filter(|t| t.tourism_only).count(), 2);
    }
}
