//! Sample inputs shared by the integration tests and the bench.
#![allow(dead_code)]

use ocop_pdf::*;
use unicode_normalization::UnicodeNormalization;

/// Every Vietnamese vowel with every tone mark, plus Đđ, lower then upper case.
pub const TONES: &str =
    "àáảãạ ằắẳẵặ ầấẩẫậ èéẻẽẹ ềếểễệ ìíỉĩị òóỏõọ ồốổỗộ ờớởỡợ ùúủũụ ừứửữự ỳýỷỹỵ Đđ";

pub fn tones_upper() -> String {
    TONES.to_uppercase()
}

pub fn nfd(s: &str) -> String {
    s.nfd().collect()
}

pub fn created() -> RenderOptions {
    RenderOptions {
        created: Some("2026-06-05T08:00:00Z".into()),
    }
}

pub fn certificate() -> CertificateDoc {
    CertificateDoc {
        number: "015/GCN-OCOP-2026".into(),
        issuer: IssuerTemplate::thai_nguyen(),
        // Given decomposed (NFD): must print as precomposed text.
        product: nfd("Chè xanh đặc sản Tân Cương"),
        producer: nfd("Hợp tác xã Chè Tân Cương Hoàng Bình"),
        address: "Xóm Nam Đồng, xã Tân Cương, tỉnh Thái Nguyên".into(),
        star: 4,
        product_set_title: Some("Bộ sản phẩm: Chè tươi, chè chế biến".into()),
        decision_number: "1234/QĐ-UBND".into(),
        decision_date: "2026-06-01".into(),
        issue_date: "2026-06-05".into(),
        valid_until: "2029-06-05".into(),
        signer_name: "Nguyễn Thị Thanh Hương".into(),
        qr_text: "OC1:NCFOXN%TSMAHN-H3O4HW8RGWR8GCE-X.5V4Z9C+FUW4Y$1U8QKF8N:CW93C6GW91T.6I6T2D2JNJE8:K1PKTKW$PJL8KXNKX%F".into(),
        short_code: "TN26-0015-K7QX".into(),
    }
}

pub fn certificate_long() -> CertificateDoc {
    let mut c = certificate();
    c.number = "016/GCN-OCOP-2026".into();
    c.product = "Trà hoa vàng Camellia chrysantha sấy lạnh đóng hộp quà tặng cao cấp dành cho thị trường xuất khẩu châu Âu và Nhật Bản".into();
    c.producer = "Công ty Trách nhiệm hữu hạn Một thành viên Sản xuất Thương mại và Dịch vụ Nông nghiệp Công nghệ cao Đại Từ Thái Nguyên".into();
    // Every tone mark, given decomposed: must print (and extract) as precomposed text.
    c.address = format!("{} – {}", nfd(TONES), nfd(&tones_upper()));
    c.star = 5;
    c
}

pub fn annex(rows: usize) -> DecisionAnnexDoc {
    let sets = [
        "Chè tươi, chè chế biến",
        "Gạo, ngũ cốc, hạt sơ chế khác",
        "Chế biến từ thịt, thủy sản, trứng, sữa",
    ];
    DecisionAnnexDoc {
        issuer: IssuerTemplate::thai_nguyen(),
        decision_number: "1234/QĐ-UBND".into(),
        decision_date: "2026-06-01".into(),
        title: "DANH SÁCH SẢN PHẨM ĐƯỢC CÔNG NHẬN ĐẠT SẢN PHẨM OCOP TỈNH THÁI NGUYÊN NĂM 2026"
            .into(),
        rows: (0..rows)
            .map(|i| AnnexRow {
                product: if i == 0 {
                    nfd("Chè đinh Tân Cương")
                } else if i == 1 {
                    TONES.into()
                } else {
                    format!("Sản phẩm số {}", i + 1)
                },
                producer: if i == 1 {
                    tones_upper()
                } else {
                    format!("Hợp tác xã nông nghiệp {}", i + 1)
                },
                address: format!("Xã Tân Cương, tỉnh Thái Nguyên (xóm {})", i % 9 + 1),
                product_set: sets[i % 3].into(),
                score: 70.0 + (i % 25) as f64 + 0.25 * (i % 4) as f64,
                star: if i % 5 == 0 { 4 } else { 3 },
            })
            .collect(),
    }
}

fn opt(label: &str, points: u32, min_star: Option<u8>) -> SheetOption {
    SheetOption {
        label: label.into(),
        points,
        min_star,
    }
}

pub fn score_sheet(filled: bool) -> ScoreSheetDoc {
    let pick = |n: usize| if filled { Some(n) } else { None };
    let c11 = SheetCriterion {
        code: "1.1".into(),
        title: "Nguồn gốc sản phẩm".into(),
        max: 3,
        options: vec![
            opt(
                "Sản phẩm được trồng trên địa bàn cấp xã, nhưng có tỷ lệ dưới 50%",
                1,
                None,
            ),
            opt(
                "Sản phẩm được trồng trên địa bàn cấp xã từ 50% đến dưới 75%",
                2,
                Some(3),
            ),
            opt(
                "Sản phẩm được trồng trên địa bàn cấp xã từ 75% đến 100%",
                3,
                None,
            ),
        ],
        chosen: pick(3),
        points: None,
    };
    let c15 = SheetCriterion {
        code: "1.5".into(),
        title: "Liên kết sản xuất".into(),
        max: 3,
        options: vec![
            opt("Không có liên kết hoặc có liên kết nhưng không rõ ràng", 0, None),
            opt("Có hợp đồng liên kết từ 50% đến dưới 75% sản lượng tiêu thụ", 1, None),
            opt("Có hợp đồng liên kết trên 75% sản lượng tiêu thụ", 2, Some(4)),
            opt("Có hợp đồng liên kết trên 75% sản lượng tiêu thụ và tổ chức thực hiện hợp đồng ổn định từ 12 tháng trở lên tính đến thời điểm đăng ký đánh giá, phân hạng OCOP", 3, Some(5)),
        ],
        chosen: pick(2),
        points: None,
    };
    let c22 = SheetCriterion {
        code: "2.2".into(),
        title: "Đóng gói, bao bì sản phẩm".into(),
        max: 3,
        options: vec![
            opt(
                "Đóng gói theo hình thức thông thường, không có bao bì",
                0,
                None,
            ),
            opt(
                "Đóng gói theo hình thức thông thường, bao bì đơn giản",
                1,
                None,
            ),
            opt("Đóng gói sáng tạo, bao bì đẹp", 2, Some(3)),
            opt(
                "Đóng gói sáng tạo, tiện lợi, bao bì đẹp, sang trọng",
                3,
                None,
            ),
        ],
        chosen: pick(3),
        points: None,
    };
    let c41 = SheetCriterion {
        code: "4.1".into(),
        title: "Khả năng tiếp thị (".to_string() + TONES + ")",
        max: 2,
        options: vec![
            opt("Chưa có kế hoạch tiếp thị", 0, None),
            opt("Có kế hoạch tiếp thị rõ ràng", 2, Some(3)),
        ],
        chosen: pick(2),
        points: None,
    };
    ScoreSheetDoc {
        basis:
            "Kèm theo Quyết định số 26/2026/QĐ-TTg ngày 22 tháng 5 năm 2026 của Thủ tướng Chính phủ"
                .into(),
        set: "Bộ sản phẩm: Chè tươi, chè chế biến".into(),
        sheet_title: "PHIẾU ĐÁNH GIÁ SẢN PHẨM OCOP".into(),
        product_name: if filled {
            nfd("Chè xanh đặc sản Tân Cương")
        } else {
            String::new()
        },
        product_code: if filled {
            "19-05812-003-2026".into()
        } else {
            String::new()
        },
        producer: if filled {
            nfd("Hợp tác xã Chè Tân Cương Hoàng Bình")
        } else {
            String::new()
        },
        phone: if filled {
            "0208 3855 123".into()
        } else {
            String::new()
        },
        address: if filled {
            "Xã Tân Cương, tỉnh Thái Nguyên".into()
        } else {
            String::new()
        },
        member_name: if filled {
            Some("Trần Văn Bình".into())
        } else {
            None
        },
        parts: vec![
            SheetPart {
                code: "A".into(),
                title: "SẢN PHẨM VÀ SỨC MẠNH CỦA CỘNG ĐỒNG".into(),
                max: 40,
                sections: vec![
                    SheetSection {
                        code: "1".into(),
                        title: "TỔ CHỨC SẢN XUẤT".into(),
                        max: 18,
                        criteria: vec![c11, c15],
                    },
                    SheetSection {
                        code: "2".into(),
                        title: "PHÁT TRIỂN SẢN PHẨM".into(),
                        max: 10,
                        criteria: vec![c22],
                    },
                ],
                total: if filled { Some(7) } else { None },
            },
            SheetPart {
                code: "B".into(),
                title: "KHẢ NĂNG TIẾP THỊ".into(),
                max: 25,
                sections: vec![SheetSection {
                    code: "4".into(),
                    title: "TIẾP THỊ".into(),
                    max: 13,
                    criteria: vec![c41],
                }],
                total: if filled { Some(2) } else { None },
            },
        ],
        total: if filled { Some(9) } else { None },
        comments: if filled {
            "Sản phẩm có chất lượng ổn định; cần bổ sung hồ sơ liên kết vùng nguyên liệu.".into()
        } else {
            String::new()
        },
        date: if filled {
            "2026-05-28".into()
        } else {
            String::new()
        },
    }
}

pub fn minutes() -> MinutesDoc {
    let members = [
        "Nguyễn Văn An",
        "Trần Thị Bích",
        "Lê Văn Cường",
        "Phạm Thị Dung",
        "Hoàng Văn Em",
    ];
    MinutesDoc {
        council: "HỘI ĐỒNG ĐÁNH GIÁ, PHÂN HẠNG SẢN PHẨM OCOP TỈNH THÁI NGUYÊN".into(),
        council_parent: "UBND TỈNH THÁI NGUYÊN".into(),
        session_date: "2026-05-28".into(),
        place: "Hội trường Sở Nông nghiệp và Môi trường tỉnh Thái Nguyên".into(),
        start_time: "08 giờ 00".into(),
        attendance: members
            .iter()
            .enumerate()
            .map(|(i, m)| Attendee {
                name: if i == 1 { nfd(m) } else { m.to_string() },
                role: match i {
                    0 => "Chủ tịch Hội đồng".into(),
                    1 => "Phó Chủ tịch Hội đồng".into(),
                    4 => "Thư ký".into(),
                    _ => "Ủy viên".into(),
                },
                present: i != 3,
            })
            .collect(),
        quorum_met: true,
        conflicts: vec![Conflict { member: "Lê Văn Cường".into(), product: "Gạo nếp vải Bảo Lý".into(), reason: "Có người thân là thành viên hợp tác xã".into() }],
        products: vec![
            MinutesProduct {
                product: nfd("Chè xanh đặc sản Tân Cương"),
                producer: "Hợp tác xã Chè Tân Cương Hoàng Bình".into(),
                member_totals: vec![
                    MemberTotal { member: "Nguyễn Văn An".into(), total: 78.0 },
                    MemberTotal { member: "Trần Thị Bích".into(), total: 81.0 },
                    MemberTotal { member: "Lê Văn Cường".into(), total: 79.5 },
                    MemberTotal { member: "Hoàng Văn Em".into(), total: 80.0 },
                ],
                mean: 79.625,
                star: 4,
                explanation: vec!["Điểm trung bình từ 70 đến dưới 90 và đạt mọi yêu cầu tối thiểu của hạng 4 sao.".into(), TONES.into()],
                rounds: 1,
            },
            MinutesProduct {
                product: "Gạo nếp vải Bảo Lý".into(),
                producer: "Hợp tác xã Nông nghiệp Bảo Lý".into(),
                member_totals: vec![
                    MemberTotal { member: "Nguyễn Văn An".into(), total: 66.0 },
                    MemberTotal { member: "Trần Thị Bích".into(), total: 69.0 },
                    MemberTotal { member: "Hoàng Văn Em".into(), total: 64.5 },
                ],
                mean: 66.5,
                star: 3,
                explanation: vec!["Chênh lệch điểm giữa các thành viên vượt ngưỡng ở vòng 1; Hội đồng chấm lại vòng 2.".into()],
                rounds: 2,
            },
        ],
        proposals: vec![
            "Đề nghị Chủ tịch UBND tỉnh công nhận 01 sản phẩm đạt 4 sao và 01 sản phẩm đạt 3 sao.".into(),
            "Không có sản phẩm đạt từ 90 điểm trở lên để đề nghị Bộ Nông nghiệp và Môi trường đánh giá, công nhận 5 sao.".into(),
        ],
        signers: vec![
            Signer { title: "THƯ KÝ HỘI ĐỒNG".into(), name: "Hoàng Văn Em".into() },
            Signer { title: "CHỦ TỊCH HỘI ĐỒNG".into(), name: "Nguyễn Văn An".into() },
        ],
    }
}

pub fn representative() -> Representative {
    Representative {
        name: nfd("Hoàng Thị Bình"),
        sex: "Nữ".into(),
        ethnicity: "Tày".into(),
        permanent_address: "Xóm Nam Đồng, xã Tân Cương, tỉnh Thái Nguyên".into(),
    }
}

pub fn form01() -> Form01Doc {
    Form01Doc {
        province: "Thái Nguyên".into(),
        year: 2026,
        unit_name: nfd("Hợp tác xã Chè Tân Cương Hoàng Bình"),
        legal_representative: "Hoàng Thị Bình".into(),
        position: "Giám đốc".into(),
        address: "Xóm Nam Đồng, xã Tân Cương, tỉnh Thái Nguyên".into(),
        phone: "0208 3855 123".into(),
        email: "htxhoangbinh@example.vn".into(),
        product_name: "Chè xanh đặc sản Tân Cương".into(),
        product_group: "Thực phẩm – Chè – Chè tươi, chè chế biến".into(),
        kind: RegistrationKind::Upgrade,
        sample_count: "05 hộp".into(),
        place: "Tân Cương".into(),
        date: "2026-03-10".into(),
        representative_name: "Hoàng Thị Bình".into(),
        commune_receipt: Receipt {
            slip_number: "03-12/PĐK-19-05812-2026".into(),
            received_date: "2026-03-11".into(),
            receiver: "Lê Thu Trang".into(),
        },
        province_receipt: Receipt::default(),
    }
}

pub fn form02() -> Form02Doc {
    Form02Doc {
        producer_name: nfd("Hợp tác xã Chè Tân Cương Hoàng Bình"),
        organisation_type: "Hợp tác xã".into(),
        address: "Xóm Nam Đồng, xã Tân Cương, tỉnh Thái Nguyên".into(),
        phone: "0208 3855 123".into(),
        email: "htxhoangbinh@example.vn".into(),
        representative: representative(),
        founded: "2015-04-20".into(),
        registration_number: "4601234567".into(),
        product_description: "Chè xanh đặc sản Tân Cương, túi 200 g, TCCS 01:2024/HB.".into(),
        checks: Form02Checks {
            business_registration: true,
            quality_declared: true,
            food_safety_certificate: true,
            production_certificate: false,
            ip_registered: true,
            trademark: true,
            geographical_indication: true,
            patent: false,
            industrial_design: false,
            copyright: false,
            other: String::new(),
        },
        history: format!("Thành lập năm 2015 từ tổ hợp tác chè Nam Đồng. {TONES}"),
        structure: "Ban giám đốc, ban kiểm soát, 3 tổ sản xuất.".into(),
        raw_material_and_technology:
            "Vùng nguyên liệu 25 ha đạt VietGAP; dây chuyền sao sấy bằng điện.".into(),
        quality_changes: "Đổi bao bì túi zip có van một chiều; nhãn có mã QR truy xuất.".into(),
        markets: "Hà Nội, Thái Nguyên, Hải Phòng; sàn thương mại điện tử.".into(),
        business_results: "Doanh thu 2025: 4,2 tỷ đồng; lợi nhuận 620 triệu đồng.".into(),
        self_scores: vec![
            SelfScoreRow {
                criterion: "1.1. Nguồn gốc sản phẩm".into(),
                description: "100% chè búp tươi trồng tại xã Tân Cương".into(),
                expected_score: Some(3),
                evidence: "Hợp đồng thu mua, bản đồ vùng nguyên liệu".into(),
            },
            SelfScoreRow {
                criterion: "1.2. Vùng nguyên liệu được cấp chứng nhận chất lượng".into(),
                description: "Chứng nhận VietGAP 25 ha".into(),
                expected_score: Some(1),
                evidence: "Giấy chứng nhận VietGAP".into(),
            },
            SelfScoreRow {
                criterion: "1.5. Liên kết sản xuất".into(),
                description: "Hợp đồng liên kết với 40 hộ, trên 75% sản lượng".into(),
                expected_score: Some(2),
                evidence: "Hợp đồng liên kết, hóa đơn".into(),
            },
        ],
        plan: "Mở rộng vùng nguyên liệu hữu cơ lên 40 ha; xuất khẩu thử nghiệm sang Nhật Bản."
            .into(),
        place: "Tân Cương".into(),
        date: "2026-03-10".into(),
    }
}

pub fn form03() -> Form03Doc {
    Form03Doc {
        commune: "XÃ TÂN CƯƠNG".into(),
        province: "Thái Nguyên".into(),
        number: "45/BC-UBND".into(),
        place: "Tân Cương".into(),
        date: "2026-03-15".into(),
        producer_name: nfd("Hợp tác xã Chè Tân Cương Hoàng Bình"),
        organisation_type: "Hợp tác xã".into(),
        address: "Xóm Nam Đồng, xã Tân Cương, tỉnh Thái Nguyên".into(),
        representative: representative(),
        product_name: "Chè xanh đặc sản Tân Cương".into(),
        raw_material:
            "Chủ thể sử dụng 100% chè búp tươi của các hộ trong xã; đúng với thực tế kiểm tra."
                .into(),
        labour: "Sử dụng 42 lao động thường xuyên, đều thường trú trên địa bàn xã.".into(),
        idea_origin: "Sản phẩm truyền thống của vùng chè Tân Cương.".into(),
        local_identity: format!("Kỹ thuật sao chè thủ công truyền thống; {TONES}."),
        signer_title: "CHỦ TỊCH".into(),
        signer_name: "Đỗ Văn Hùng".into(),
    }
}
