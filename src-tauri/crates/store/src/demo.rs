//! The demo data set (`data/demo/demo.json`): a few communes of Thái Nguyên with producers,
//! products, dossiers and a provincial council built from public OCOP facts, for a first look at the app.

use crate::{Result, Store};
use ocop_domain::model::{Dossier, Producer, Product};

const DEMO: &str = include_str!("../../../../data/demo/demo.json");

#[derive(serde::Deserialize)]
struct DemoFile {
    producers: Vec<DemoProducer>,
    #[serde(default)]
    councils: Vec<crate::Council>,
}

#[derive(serde::Deserialize)]
struct DemoProducer {
    producer: Producer,
    products: Vec<DemoProduct>,
}

#[derive(serde::Deserialize)]
struct DemoProduct {
    product: Product,
    status: String,
    status_note: Option<String>,
    dossiers: Vec<Dossier>,
}

/// Counts of what [`Store::load_demo`] created.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct DemoCounts {
    /// Producers created.
    pub producers: usize,
    /// Products created.
    pub products: usize,
    /// Dossiers created.
    pub dossiers: usize,
    /// Councils created.
    pub councils: usize,
}

impl Store {
    /// Loads the demo data set through the ordinary save paths (so it is validated, numbered and
    /// change-logged like typed-in data) and marks the first-start setup as done.
    pub async fn load_demo(&self) -> Result<DemoCounts> {
        let demo: DemoFile = serde_json::from_str(DEMO)?;
        let mut counts = DemoCounts::default();
        for dp in demo.producers {
            let producer = self.producer_save(&dp.producer, true).await?;
            counts.producers += 1;
            for pr in dp.products {
                let mut draft = pr.product.clone();
                draft.producer_id = producer.id.clone().expect("saved producer has an id");
                let product = self.product_save(&draft).await?;
                let pid = product.id.clone().expect("saved product has an id");
                counts.products += 1;
                if pr.status != "draft" {
                    self.product_set_status(&pid, &pr.status, pr.status_note.as_deref())
                        .await?;
                }
                for d in pr.dossiers {
                    let mut d = d.clone();
                    d.product_id = pid.clone();
                    self.dossier_save(&d).await?;
                    counts.dossiers += 1;
                }
            }
        }
        for c in demo.councils {
            self.council_save(&c).await?;
            counts.councils += 1;
        }
        self.mark_setup_done().await?;
        Ok(counts)
    }
}
