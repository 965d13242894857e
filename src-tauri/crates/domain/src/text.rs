//! Vietnamese text: NFC normalisation, folding for diacritic-insensitive search, and name
//! similarity for duplicate warnings.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Returns `s` in Unicode normalisation form C (the form every stored text uses).
pub fn nfc(s: &str) -> String {
    if unicode_normalization::is_nfc_quick(s.chars()) == unicode_normalization::IsNormalized::Yes {
        return s.to_string();
    }
    s.nfc().collect()
}

/// Returns `s` trimmed and NFC-normalised, with runs of whitespace collapsed to one space.
pub fn clean(s: &str) -> String {
    let n = nfc(s);
    let tidy = !n.starts_with(char::is_whitespace)
        && !n.ends_with(char::is_whitespace)
        && !n.contains("  ")
        && !n.contains(|c: char| c.is_whitespace() && c != ' ');
    if tidy {
        return n;
    }
    n.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Folds text for search: lower case, diacritics removed, `đ`/`Đ` → `d`, every character that is
/// not a letter or digit turned into a space, runs of spaces collapsed. Input in NFC or NFD gives
/// the same result, so "che tan cuong", "CHÈ TÂN CƯƠNG" and "Chè Tân Cương" all fold to
/// "che tan cuong".
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = true;
    for c in s.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        let c = match c {
            'đ' | 'Đ' => 'd',
            _ => c,
        };
        if c.is_alphanumeric() {
            for l in c.to_lowercase() {
                out.push(l);
            }
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Words that only say what kind of organisation a producer is; they are ignored when comparing
/// names, so "HTX chè Hảo Đạt" and "Hợp tác xã chè Hảo Đạt" compare as equal.
const TYPE_WORDS: &[&str] = &[
    "hop tac xa",
    "to hop tac",
    "cong ty co phan",
    "cong ty tnhh",
    "cong ty",
    "doanh nghiep tu nhan",
    "doanh nghiep",
    "ho kinh doanh",
    "ho san xuat",
    "trang trai",
    "htx",
    "tht",
    "ctcp",
    "cty",
    "tnhh",
    "dntn",
    "hkd",
    "co so",
];

/// The folded name with organisation-type words removed.
pub fn name_key(name: &str) -> String {
    let mut f = format!(" {} ", fold(name));
    for w in TYPE_WORDS {
        // Match " word " without allocating a pattern per word.
        let mut from = 0;
        while let Some(rel) = f[from..].find(w) {
            let i = from + rel;
            let before = i > 0 && f.as_bytes()[i - 1] == b' ';
            let after = f.as_bytes().get(i + w.len()) == Some(&b' ');
            if before && after {
                f.replace_range(i..i + w.len(), "");
                from = i.saturating_sub(1);
            } else {
                from = i + 1;
            }
        }
    }
    f.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Levenshtein distance over chars.
fn levenshtein(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Similarity of two producer names in 0.0..=1.0: the larger of the normalised Levenshtein
/// similarity and the token Jaccard index, both on folded names without type words.
pub fn name_similarity(a: &str, b: &str) -> f64 {
    let (ka, kb) = (name_key(a), name_key(b));
    if ka.is_empty() || kb.is_empty() {
        return if fold(a) == fold(b) { 1.0 } else { 0.0 };
    }
    let ca: Vec<char> = ka.chars().collect();
    let cb: Vec<char> = kb.chars().collect();
    let max = ca.len().max(cb.len()) as f64;
    let lev = 1.0 - levenshtein(&ca, &cb) as f64 / max;
    let ta: std::collections::BTreeSet<&str> = ka.split(' ').collect();
    let tb: std::collections::BTreeSet<&str> = kb.split(' ').collect();
    let inter = ta.intersection(&tb).count() as f64;
    let union = ta.union(&tb).count() as f64;
    let jac = if union == 0.0 { 0.0 } else { inter / union };
    lev.max(jac)
}

/// Names at or above this similarity are reported as probable duplicates.
pub const SIMILAR_NAME_THRESHOLD: f64 = 0.85;

/// Whether two producer names are similar enough to warn about a probable duplicate.
pub fn names_similar(a: &str, b: &str) -> bool {
    name_similarity(a, b) >= SIMILAR_NAME_THRESHOLD
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_matches_with_and_without_diacritics() {
        for q in [
            "che tan cuong",
            "CHÈ TÂN CƯƠNG",
            "Chè  Tân\tCương",
            "chè tân cương",
        ] {
            assert_eq!(fold(q), "che tan cuong", "{q}");
        }
    }

    #[test]
    fn fold_maps_d_stroke_to_d() {
        assert_eq!(fold("Đồng Hỷ đặc sản"), "dong hy dac san");
    }

    #[test]
    fn fold_is_the_same_for_nfc_and_nfd() {
        let nfd: String = "Miến Việt Cường".nfd().collect();
        assert_ne!(nfd, "Miến Việt Cường");
        assert_eq!(fold(&nfd), fold("Miến Việt Cường"));
        assert_eq!(nfc(&nfd), "Miến Việt Cường");
    }

    #[test]
    fn fold_turns_punctuation_into_spaces() {
        assert_eq!(fold("19-05443-3-2026"), "19 05443 3 2026");
        assert_eq!(fold("  HTX, chè! "), "htx che");
    }

    #[test]
    fn clean_collapses_spaces() {
        assert_eq!(clean("  HTX   chè \n Hảo Đạt "), "HTX chè Hảo Đạt");
    }

    #[test]
    fn type_words_are_ignored_in_similarity() {
        assert_eq!(name_key("HTX chè Hảo Đạt"), "che hao dat");
        assert_eq!(name_key("Hợp tác xã Chè Hảo Đạt"), "che hao dat");
        assert!(names_similar("HTX chè Hảo Đạt", "Hợp tác xã chè Hảo Đạt"));
        assert!(names_similar("Cơ sở miến Việt Cường", "Miến Việt Cường"));
    }

    #[test]
    fn near_spellings_are_similar_and_different_names_are_not() {
        assert!(names_similar("HTX chè Hảo Đạt", "HTX chè Hảo Đat"));
        assert!(!names_similar("HTX chè Hảo Đạt", "HTX Nông sản Phú Lương"));
        assert!(!names_similar(
            "Công ty TNHH Miến Việt Cường",
            "HTX chè Tân Cương"
        ));
    }

    #[test]
    fn levenshtein_counts_edits() {
        let a: Vec<char> = "kitten".chars().collect();
        let b: Vec<char> = "sitting".chars().collect();
        assert_eq!(levenshtein(&a, &b), 3);
    }
}
