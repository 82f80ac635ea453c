//! Stable identifiers: the plan id printed in the footer, the PDF's `/ID`
//! and the font subset tags.
//!
//! They are hashes of content, never random and never `std`'s hasher (whose
//! algorithm may change between Rust releases): the same plan has the same
//! id on every machine, in a single file and in a batch.

use planwright_core::plan::Plan;

/// 64-bit FNV-1a: tiny, fast, and fixed by its definition.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fnv64(u64);

impl Fnv64 {
    pub(crate) fn new() -> Fnv64 {
        Fnv64(0xcbf2_9ce4_8422_2325)
    }

    /// A second, independent stream, for the other half of a 128-bit id.
    pub(crate) fn with_seed(seed: u64) -> Fnv64 {
        let mut h = Fnv64::new();
        h.write(&seed.to_be_bytes());
        h
    }

    pub(crate) fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    pub(crate) fn finish(&self) -> u64 {
        self.0
    }
}

/// Crockford's base 32: no I, L, O or U, so an id read aloud or copied by
/// hand is not mistaken.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// The plan's id: eight characters from a hash of what the plan decides
/// (person, dates, stage and exercise ids, every week's dose, sessions and
/// steps), e.g. `K3F9Q2MD`. The author's words (the program's, stages' and
/// exercises' titles, tempo and move-on lines) are left out, so the same
/// plan printed from a translation of the program has the same id.
pub fn plan_id(plan: &Plan) -> String {
    // Serialising a plan cannot fail: it holds no maps with non-string keys.
    let mut typed = serde_json::to_value(plan).unwrap_or_default();
    without_prose(&mut typed);
    let mut hash = Fnv64::new();
    hash.write(&serde_json::to_vec(&typed).unwrap_or_default());
    let value = hash.finish();
    (0..8)
        .map(|i| char::from(ALPHABET[((value >> (59 - 5 * i)) & 31) as usize]))
        .collect()
}

/// Removes the author's words from a plan's JSON value.
fn without_prose(plan: &mut serde_json::Value) {
    fn drop(value: Option<&mut serde_json::Value>, keys: &[&str]) {
        if let Some(object) = value.and_then(serde_json::Value::as_object_mut) {
            for key in keys {
                object.remove(*key);
            }
        }
    }
    fn each(value: Option<&mut serde_json::Value>, keys: &[&str]) {
        if let Some(items) = value.and_then(serde_json::Value::as_array_mut) {
            for item in items {
                drop(Some(item), keys);
            }
        }
    }
    drop(Some(plan), &["program"]);
    drop(plan.get_mut("stage"), &["title", "move_on"]);
    each(plan.get_mut("exercises"), &["title", "tempo"]);
    if let Some(next) = plan.get_mut("next_stage") {
        drop(Some(next), &["title"]);
        each(next.get_mut("exercises"), &["title"]);
    }
}

/// A file name for the plan: a slug of the person's name (or the stage when
/// there is none) and the plan id, so it never comes from input as a path.
pub fn file_name(plan: &Plan) -> String {
    let base = plan
        .person
        .name
        .as_deref()
        .map(slug)
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| format!("stage-{}", plan.stage.number));
    format!("{base}-{}.pdf", plan_id(plan).to_ascii_lowercase())
}

/// Lower-case ASCII letters and digits joined by single hyphens, with
/// common accented Latin letters folded to their base letter (`Zoë
/// Ångström` → `zoe-angstrom`), at most 48 characters.
fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        let folded = fold(c);
        if folded.is_empty() {
            if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
            continue;
        }
        out.push_str(folded);
    }
    let mut out: String = out.trim_end_matches('-').chars().take(48).collect();
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// A letter or digit as lower-case ASCII, or "" for anything else.
fn fold(c: char) -> &'static str {
    const PLAIN: &str = "abcdefghijklmnopqrstuvwxyz0123456789";
    if c.is_ascii_alphanumeric() {
        let lower = c.to_ascii_lowercase();
        let i = PLAIN.find(lower).unwrap_or(0);
        return &PLAIN[i..=i];
    }
    match c.to_lowercase().next().unwrap_or(c) {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' | 'ĉ' | 'ċ' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ĵ' => "j",
        'ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_fold_accents_and_never_hold_a_path() {
        assert_eq!(slug("Zoë Ångström-Fitzgerald"), "zoe-angstrom-fitzgerald");
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(slug("  Dr. Ana  María O'Brien "), "dr-ana-maria-o-brien");
        assert_eq!(slug("Straße"), "strasse");
        assert_eq!(slug("王小明"), "");
        assert_eq!(slug(&"a b ".repeat(40)).len(), 47);
    }

    #[test]
    fn the_id_follows_the_numbers_not_the_authors_words() {
        let program = planwright::content::load_shipped().unwrap().program;
        let request =
            planwright_core::progression::PlanRequest::stage(4, jiff::civil::date(2026, 6, 1));
        let plan = planwright_core::progression::plan(&program, &request).unwrap();
        let id = plan_id(&plan);
        let mut translated = plan.clone();
        translated.program = "Extensión torácica".into();
        translated.stage.title = "Concéntrico".into();
        translated.stage.move_on = vec!["Sin dolor".into()];
        translated.exercises[0].title = "Pullover con mancuerna".into();
        if let Some(next) = translated.next_stage.as_mut() {
            next.title = "Fuerza funcional".into();
            next.exercises[0].title = "Puente".into();
        }
        assert_eq!(plan_id(&translated), id);
        let mut later = plan.clone();
        later.start = jiff::civil::date(2026, 6, 8);
        assert_ne!(plan_id(&later), id);
        let mut renamed = plan.clone();
        renamed.person.name = Some("Ana".into());
        assert_ne!(plan_id(&renamed), id);
        let mut other_dose = plan;
        other_dose.weeks[1].exercises[0].sessions.planned += 1;
        assert_ne!(plan_id(&other_dose), id);
    }

    #[test]
    fn fnv_matches_its_published_test_vectors() {
        let mut h = Fnv64::new();
        h.write(b"a");
        assert_eq!(h.finish(), 0xaf63_dc4c_8601_ec8c);
        let mut h = Fnv64::new();
        h.write(b"foobar");
        assert_eq!(h.finish(), 0x8594_4171_f739_67e8);
    }
}
