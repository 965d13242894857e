//! Product codes `(T)-(X)-(STT)-year` and registration slip numbers `{n}/PĐK-(T)-(X)-(year)`
//! (26/2026 Annex II headers and Annex III Form 01). T and X are the province and commune codes of
//! QĐ 19/2025/QĐ-TTg.

/// Province code of Thái Nguyên after 1 July 2025.
pub const PROVINCE_CODE: &str = "19";

/// The product code, e.g. `19-05443-3-2026`.
pub fn product_code(province: &str, commune: &str, stt: i64, year: i32) -> String {
    format!("{province}-{commune}-{stt}-{year}")
}

/// The Form 01 slip number, e.g. `12/PĐK-19-05443-2026`.
pub fn slip_number(n: i64, province: &str, commune: &str, year: i32) -> String {
    format!("{n}/PĐK-{province}-{commune}-{year}")
}

/// The parts of a product code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductCode {
    /// Province code (T).
    pub province: String,
    /// Commune code (X), five digits.
    pub commune: String,
    /// Number in the commune's list.
    pub stt: i64,
    /// Year of evaluation.
    pub year: i32,
}

/// Parses a current-format product code; legacy codes with a district part return `None`
/// (they are kept verbatim, never re-parsed).
pub fn parse_product_code(code: &str) -> Option<ProductCode> {
    let parts: Vec<&str> = code.trim().split('-').collect();
    let [t, x, stt, year] = parts.as_slice() else {
        return None;
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !(digits(t) && x.len() == 5 && digits(x) && digits(stt) && year.len() == 4 && digits(year)) {
        return None;
    }
    Some(ProductCode {
        province: t.to_string(),
        commune: x.to_string(),
        stt: stt.parse().ok()?,
        year: year.parse().ok()?,
    })
}

/// Whether `code` is a five-digit commune code.
pub fn is_commune_code(code: &str) -> bool {
    code.len() == 5 && code.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn product_codes() {
        assert_eq!(
            product_code(PROVINCE_CODE, "05443", 3, 2026),
            "19-05443-3-2026"
        );
        assert_eq!(
            parse_product_code("19-05443-3-2026"),
            Some(ProductCode {
                province: "19".into(),
                commune: "05443".into(),
                stt: 3,
                year: 2026
            })
        );
        assert_eq!(parse_product_code("83-829-28780-3-2022"), None);
        assert_eq!(parse_product_code("19-5443-3-2026"), None);
    }

    #[test]
    fn slip_numbers() {
        assert_eq!(
            slip_number(12, PROVINCE_CODE, "05443", 2026),
            "12/PĐK-19-05443-2026"
        );
    }

    #[test]
    fn commune_codes() {
        assert!(is_commune_code("05503"));
        assert!(!is_commune_code("5503"));
        assert!(!is_commune_code("0550a"));
    }
}
